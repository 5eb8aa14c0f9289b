import assert from "node:assert/strict";
import { test } from "node:test";
import type { CrewEvent } from "../events.ts";
import type { CliIo } from "./io.ts";
import { createProgressView } from "./progress.ts";

const passphrase = "orchard-lantern-4417";
const usage = { inputTokens: 1200, outputTokens: 34, totalTokens: 1234 };
const ids = { runId: "run_1", task: "research", agent: "researcher" };

/** Every event of a run that carries text from the model, a tool or the user. */
const events: CrewEvent[] = [
	{ type: "run-start", runId: "run_1", crew: "research", inputs: { topic: passphrase }, at: 0 },
	{ type: "task-start", ...ids, at: 0 },
	{ type: "model-delta", ...ids, delta: `Using ${passphrase} now` },
	{
		type: "model-end",
		...ids,
		model: "scripted:a.json",
		usage,
		finishReason: "stop",
		durationMs: 1500,
		prompt: [],
		response: { text: passphrase, toolCalls: [] },
	},
	{
		type: "model-retry",
		...ids,
		model: "scripted:a.json",
		attempt: 1,
		delayMs: 2000,
		reason: `401 for key ${passphrase}`,
	},
	{
		type: "tool-call",
		...ids,
		toolCallId: "c1",
		toolName: "fetch_page",
		input: { url: `https://example.org/?key=${passphrase}` },
	},
	{
		type: "tool-result",
		...ids,
		toolCallId: "c1",
		toolName: "fetch_page",
		output: `refused ${passphrase}`,
		isError: true,
	},
	{ type: "task-retry", ...ids, reason: `the answer printed ${passphrase}`, attempt: 1 },
	{ type: "task-end", ...ids, output: passphrase, usage, durationMs: 2500 },
	{ type: "run-end", runId: "run_1", status: "failed", usage, durationMs: 4000, error: passphrase },
];

function view(options: { interactive: boolean; env?: Record<string, string> }) {
	let written = "";
	const io: CliIo = {
		out: () => assert.fail("progress goes to stderr"),
		err: (text) => {
			written += text;
		},
		interactive: options.interactive,
		cwd: "/",
		env: { NO_COLOR: "1", SERVICE_PASSWORD: passphrase, ...options.env },
	};
	const show = createProgressView(io);
	for (const event of events) show(event);
	return written;
}

test("the terminal view never shows the value of a secret-named variable, whatever its shape", () => {
	const written = view({ interactive: true });
	assert.ok(!written.includes(passphrase), written);
	assert.match(written, /Using \[redacted\] now/);
	assert.match(
		written,
		/↻ scripted:a\.json attempt 1 failed \(401 for key \[redacted\]\); retrying in 2\.0s/,
	);
	assert.match(written, /↳ fetch_page \{"url":"https:\/\/example\.org\/\?key=\[redacted\]"\}/);
	assert.match(written, /✗ fetch_page: refused \[redacted\]/);
	assert.match(written, /↻ retry 1: the answer printed \[redacted\]/);
});

test("the terminal view tells which agent works on which task, with time and tokens", () => {
	const written = view({ interactive: false });
	assert.equal(
		written,
		[
			"crewkit ▸ research run_1",
			"▶ research — researcher",
			"  · scripted:a.json 1.5s · 1,234 tokens (1,200 in, 34 out)",
			"  ↻ scripted:a.json attempt 1 failed (401 for key [redacted]); retrying in 2.0s",
			'  ↳ fetch_page {"url":"https://example.org/?key=[redacted]"}',
			"  ✗ fetch_page: refused [redacted]",
			"  ↻ retry 1: the answer printed [redacted]",
			"✔ research 2.5s · 1,234 tokens (1,200 in, 34 out)",
			"✗ run failed in 4.0s · 1,234 tokens (1,200 in, 34 out)",
			"",
		].join("\n"),
		"streamed text only on a terminal",
	);
});

test("on a terminal, streamed text ends its line before the next entry, and colour is off under NO_COLOR only", () => {
	const plain = view({ interactive: true });
	assert.match(plain, /Using \[redacted\] now\n {2}· scripted/);
	assert.ok(!plain.includes("\x1b["));
	const coloured = view({ interactive: true, env: { NO_COLOR: "" } });
	assert.ok(coloured.includes("\x1b[1mcrewkit ▸ research\x1b[22m \x1b[2mrun_1\x1b[22m\n"));
	assert.ok(coloured.includes("\x1b[2mUsing [redacted] now\x1b[22m\n"));
});
