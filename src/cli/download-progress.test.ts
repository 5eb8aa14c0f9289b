import assert from "node:assert/strict";
import { test } from "node:test";
import { downloadProgress } from "./download-progress.ts";
import type { CliIo } from "./io.ts";

function capture(interactive: boolean) {
	let err = "";
	const io: CliIo = { out: () => {}, err: (text) => (err += text), interactive, cwd: ".", env: {} };
	return { io, text: () => err };
}

test("off a terminal, a line each time another tenth has arrived, even when chunks skip the round figures", () => {
	const { io, text } = capture(false);
	const report = downloadProgress(io, "m");
	for (const bytes of [0, 5, 16, 19, 25, 47, 100]) report(bytes, 100);
	const percents = text()
		.trimEnd()
		.split("\n")
		.map((line) => /(\d+)%/.exec(line)?.[1]);
	assert.deepEqual(percents, ["0", "16", "25", "47", "100"]);
	assert.doesNotMatch(text(), /\r/);
});

test("on a terminal, the bar is redrawn in place and ends its line at 100 %", () => {
	const { io, text } = capture(true);
	const report = downloadProgress(io);
	report(0, 200);
	report(0, 200);
	report(100, 200);
	report(200, 200);
	const draws = text().split("\r").filter(Boolean);
	assert.equal(draws.length, 3);
	assert.match(draws[0] ?? "", /^Downloading the model \[/);
	assert.ok(draws[2]?.endsWith("\n"));
	assert.ok(!draws[1]?.endsWith("\n"));
});
