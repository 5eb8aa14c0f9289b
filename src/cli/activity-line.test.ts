import assert from "node:assert/strict";
import { test } from "node:test";
import type { CrewEvent } from "../events.ts";
import { emptyUsage } from "../usage.ts";
import { createActivityLine, describeActivity, nextActivity } from "./activity-line.ts";
import type { CliIo } from "./io.ts";

/** An activity line on a hand-driven clock and timer. */
function harness(interactive: boolean) {
	let now = 1_000_000;
	let tick = () => {};
	const written: string[] = [];
	const io: CliIo = {
		out: () => {},
		err: (text) => written.push(text),
		interactive,
		cwd: "/",
		env: {},
	};
	const line = createActivityLine(io, {
		now: () => now,
		setInterval: (callback) => {
			tick = callback;
			return {};
		},
		clearInterval: () => {},
	});
	const base = { runId: "r", task: "research_task", agent: "researcher" };
	return {
		line,
		written,
		advance(ms: number) {
			for (let step = 0; step < ms; step += 1000) {
				now += 1000;
				tick();
			}
		},
		event(event: Record<string, unknown> & { type: CrewEvent["type"] }) {
			line.observe({ ...base, ...event } as CrewEvent);
		},
		get now() {
			return now;
		},
	};
}

test("under --quiet on a terminal, a silence shows the prompt being evaluated, then tokens per second", () => {
	const run = harness(true);
	run.event({ type: "run-start", crew: "research", inputs: {}, at: run.now });
	run.event({ type: "task-start", at: run.now });
	run.event({ type: "model-start", model: "local:qwen.gguf", at: run.now });
	run.advance(2000);
	assert.deepEqual(run.written, [], "nothing during the first seconds");
	run.advance(3000);
	assert.equal(
		run.written.at(-1),
		"\r\x1b[2K… research_task · researcher · local:qwen.gguf: evaluating the prompt, no token yet (5s)",
	);
	for (let piece = 0; piece < 20; piece++) run.event({ type: "model-delta", delta: "x" });
	run.advance(4000);
	assert.match(run.written.at(-1) ?? "", /generating, 20 tokens · 5\.0 tokens\/s/);
	run.event({
		type: "run-end",
		status: "completed",
		usage: emptyUsage(),
		durationMs: 1,
	});
	assert.equal(run.written.at(-1), "\r\x1b[2K", "the line is cleared at the end");
});

test("output through the line's io clears it and restarts the silence", () => {
	const run = harness(true);
	run.event({ type: "task-start", at: run.now });
	run.advance(4000);
	assert.match(
		run.written.at(-1) ?? "",
		/preparing the next model call \(loading the model on first use\)/,
	);
	run.line.io.err("▶ writing_task\n");
	assert.deepEqual(run.written.slice(-2), ["\r\x1b[2K", "▶ writing_task\n"]);
	const count = run.written.length;
	run.advance(2000);
	assert.equal(run.written.length, count);
	run.line.io.err("streamed text without a newline");
	run.advance(10_000);
	assert.equal(run.written.length, count + 1, "never drawn over a half-written line");
});

test("on a non-terminal the line is printed whole, at most every 15 seconds", () => {
	const run = harness(false);
	run.event({ type: "model-start", model: "ollama:qwen3", at: run.now });
	run.advance(60_000);
	const lines = run.written.filter((text) => text.includes("evaluating the prompt"));
	assert.equal(lines.length, 4);
	assert.ok(lines.every((text) => text.endsWith("\n") && !text.includes("\r")));
	run.line.close();
});

test("prompt-evaluation progress shows how far the prompt is, not a stuck line", () => {
	const start = { type: "model-start", model: "local:qwen", at: 0 } as const;
	const base = { runId: "r", task: "research_task", agent: "researcher" };
	let activity = nextActivity(
		{ where: "", phase: "starting", since: 0, pieces: 0 },
		{ ...base, ...start },
		0,
	);
	assert.match(describeActivity(activity, 5000), /evaluating the prompt, no token yet \(5s\)/);
	activity = nextActivity(
		activity,
		{
			...base,
			type: "model-progress",
			evaluatedTokens: 1200,
			promptTokens: 3400,
			tokensPerSecond: 24.4,
		},
		6000,
	);
	assert.equal(
		describeActivity(activity, 9000),
		"… research_task · researcher · local:qwen: evaluating the prompt 1,200/3,400 tokens · 24.4 tokens/s (9s)",
	);
	activity = nextActivity(activity, { ...base, ...start }, 10_000);
	assert.match(describeActivity(activity, 10_000), /no token yet/, "a new call starts afresh");
});
