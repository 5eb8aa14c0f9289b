import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { test } from "node:test";

test("processIo opens stdin only when a command reads it", () => {
	// stdin is a file here, so opening it makes an fs.ReadStream (internal/fs/streams).
	const stdin = openSync(new URL(import.meta.url), "r");
	try {
		const script = `
			import { processIo } from ${JSON.stringify(new URL("./io.ts", import.meta.url).href)};
			const opened = () => process.moduleLoadList.includes("NativeModule internal/fs/streams");
			const io = processIo();
			io.out("");
			const before = opened();
			const input = io.input;
			console.log(JSON.stringify({ before, after: opened(), isStream: typeof input?.on === "function", terminal: io.inputIsTerminal, ask: io.ask === undefined }));`;
		const child = spawnSync(process.execPath, ["--input-type=module", "--eval", script], {
			stdio: [stdin, "pipe", "pipe"],
			encoding: "utf8",
		});
		assert.equal(child.status, 0, child.stderr);
		assert.deepEqual(JSON.parse(child.stdout), {
			before: false,
			after: true,
			isStream: true,
			terminal: false,
			ask: true,
		});
	} finally {
		closeSync(stdin);
	}
});
