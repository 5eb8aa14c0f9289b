import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import type { CrewEvent } from "../src/events.ts";
import { openBrowser, skipWithoutChromium } from "./support/browser.ts";
import { createResearchRun } from "./support/long-run.ts";
import { startHarness } from "./support/server-harness.ts";

const artifacts = fileURLToPath(new URL("../test-artifacts/dashboard/", import.meta.url));

/** Whether the page is wider than its viewport (a horizontal scroll bar at 390 px). */
const overflows = "document.documentElement.scrollWidth > document.documentElement.clientWidth";

test("a call evaluating its prompt shows a progress bar, then its streamed answer, then its summary", {
	skip: skipWithoutChromium,
	timeout: 90_000,
}, async () => {
	const harness = await startHarness({ listen: true, heartbeatMs: 250 });
	const runId = "run_prompt_progress";
	createResearchRun(harness.store, runId);
	const base = { runId, task: "research_task", agent: "researcher" };
	const record = (event: CrewEvent) => harness.store.record(event);
	const model = "crewkit.local:stories260K.gguf";
	const at = Date.now();
	record({ type: "run-start", runId, crew: "research", inputs: { topic: "Edge AI" }, at });
	record({ type: "task-start", ...base, at });
	record({ type: "model-start", ...base, model, at });
	const progress = (evaluatedTokens: number, tokensPerSecond: number) =>
		record({
			type: "model-progress",
			...base,
			evaluatedTokens,
			promptTokens: 3400,
			tokensPerSecond,
		});
	progress(512, 20.5);
	progress(1200, 24.44);
	const browser = await openBrowser({ width: 390 });
	try {
		const { page } = browser;
		await page.goto(`${harness.server?.url}#/runs/${runId}`);
		const card = page.locator('.task-card[data-task="research_task"]');
		const call = card.locator(".model-call");
		const bar = call.getByRole("progressbar", { name: "Prompt evaluation" });
		await bar.waitFor({ timeout: 30_000 });
		// The latest figures of the backlog, as text and as the bar's values.
		await call
			.locator(".prompt-progress", {
				hasText: "Evaluating the prompt 1,200/3,400 tokens · 24.4 tokens/s",
			})
			.waitFor();
		assert.equal(await bar.getAttribute("aria-valuemin"), "0");
		assert.equal(await bar.getAttribute("aria-valuemax"), "3400");
		assert.equal(await bar.getAttribute("aria-valuenow"), "1200");
		assert.equal(await bar.getAttribute("aria-valuetext"), "1,200/3,400 tokens · 24.4 tokens/s");
		assert.equal(await page.evaluate(overflows), false, "the bar fits 390 px");
		await mkdir(artifacts, { recursive: true });
		await card.screenshot({ path: join(artifacts, "prompt-progress-390-light.png") });
		await page.emulateMedia({ colorScheme: "dark" });
		await card.screenshot({ path: join(artifacts, "prompt-progress-390-dark.png") });

		// Live: more progress arrives through the stream and moves the bar.
		progress(3400, 26);
		await call
			.locator(".prompt-progress", { hasText: "3,400/3,400 tokens · 26.0 tokens/s" })
			.waitFor();
		assert.equal(await bar.getAttribute("aria-valuenow"), "3400");

		// The answer streams in: it takes the bar's place.
		for (const delta of ["Edge AI ", "runs models ", "on the device."])
			record({ type: "model-delta", ...base, delta });
		await call.locator(".stream", { hasText: "Edge AI runs models on the device." }).waitFor();
		assert.equal(
			await call.getByRole("progressbar").count(),
			0,
			"the bar left with the first token",
		);

		// A second call ends before streaming any text: its bar is gone with model-end.
		record({
			type: "model-end",
			...base,
			model,
			usage: usage(3400, 7),
			finishReason: "stop",
			durationMs: 140_000,
			prompt: [],
			response: { text: "Edge AI runs models on the device.", toolCalls: [] },
		});
		record({ type: "model-start", ...base, model, at: Date.now() });
		progress(100, 30);
		await page.getByRole("progressbar", { name: "Prompt evaluation" }).waitFor();
		record({
			type: "model-end",
			...base,
			model,
			usage: usage(3500, 0),
			finishReason: "tool-calls",
			durationMs: 4_000,
			prompt: [],
			response: { text: "", toolCalls: [] },
		});
		await call.first().locator(".call-label", { hasText: "3,400 in, 7 out" }).waitFor();
		await page.locator(".call-label", { hasText: "3,500 in, 0 out" }).waitFor();
		assert.equal(await page.getByRole("progressbar").count(), 0, "no bar once the calls ended");
		assert.equal(await page.locator(".model-call.live").count(), 0);
		await card.screenshot({ path: join(artifacts, "prompt-progress-390-dark-answered.png") });
		assert.deepEqual(browser.problems, []);
	} finally {
		await browser.close();
		await harness.close();
	}
});

function usage(input: number, output: number) {
	return { inputTokens: input, outputTokens: output, totalTokens: input + output };
}
