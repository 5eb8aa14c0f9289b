import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { openBrowser, skipWithoutChromium } from "./support/browser.ts";
import { finishRun, finishTask, recordLongRun } from "./support/long-run.ts";
import { startHarness } from "./support/server-harness.ts";

const artifacts = fileURLToPath(new URL("../test-artifacts/dashboard/", import.meta.url));

/**
 * Records every value the page's event counter shows: a page that renders a backlog as it
 * applies it shows many growing counts on its way to 100,000 events, one that renders only
 * at the end shows one (before the events were batched, a run of 26,000 held the page for
 * more than 2.5 minutes).
 */
const recordEventCounts = `
	const counts = [];
	window.eventCounts = counts;
	document.addEventListener("DOMContentLoaded", () => {
		const counter = document.getElementById("event-count");
		if (!counter) return;
		new MutationObserver(() => {
			const text = counter.textContent ?? "";
			if (counts.at(-1) !== text) counts.push(text);
		}).observe(counter, { childList: true, characterData: true, subtree: true });
	});
`;

test("a run of 100,000 events renders as it loads, answers clicks meanwhile, and follows live to its end", {
	skip: skipWithoutChromium,
	timeout: 300_000,
}, async () => {
	const harness = await startHarness({ listen: true, heartbeatMs: 250 });
	const runId = "run_long_100k";
	// 3 tasks × 160 calls × (206 tokens + start + end), tool calls, task and run events.
	const events = recordLongRun(harness.store, runId, {
		tasks: 3,
		callsPerTask: 160,
		tokensPerCall: 206,
	});
	assert.ok(events >= 100_000, `${events} events`);
	const browser = await openBrowser({ width: 1366 });
	try {
		const { page } = browser;
		await page.addInitScript(recordEventCounts);
		await page.goto(`${harness.server?.url}#/runs/${runId}`);
		await page.locator('.task-card[data-task="research_task"]').waitFor({ timeout: 60_000 });
		// Input is answered between slices while the backlog is applied.
		await page.getByRole("tab", { name: /^Report/ }).click({ timeout: 60_000 });
		await page.locator('#tab-report[aria-selected="true"]').waitFor({ timeout: 60_000 });
		await page.getByRole("tab", { name: "Timeline" }).click({ timeout: 60_000 });
		await page.locator("#event-count", { hasText: "100,038 events received" }).waitFor({
			timeout: 120_000,
		});
		const counts = (await page.evaluate("window.eventCounts")) as string[];
		const shown = counts.map((text) => Number(text.replace(/\D/g, "")));
		assert.ok(shown.length >= 10, `the backlog was shown in ${shown.length} steps`);
		assert.deepEqual(
			shown,
			[...shown].sort((a, b) => a - b),
			"the count only grows",
		);
		assert.equal(shown.at(-1), 100_038);
		// Tokens were merged per call, and only the latest calls of a task are on the page.
		const blocks = await page.locator('.task-card[data-task="research_task"] .model-call').count();
		assert.ok(blocks <= 13, `${blocks} model-call blocks`);
		assert.match(
			(await page.locator('.task-card[data-task="research_task"] .hidden-calls').textContent()) ??
				"",
			/148 earlier model calls not shown/,
		);

		// Live: the run's last events arrive through the stream and end it.
		finishTask(harness.store, runId, "verification_task", "reporting_analyst");
		finishRun(harness.store, runId);
		await page.locator('.task-card[data-task="verification_task"].completed').waitFor({
			timeout: 30_000,
		});
		await mkdir(artifacts, { recursive: true });
		await page.screenshot({ path: join(artifacts, "long-run.png") });
		assert.deepEqual(browser.problems, []);
	} finally {
		await browser.close();
		await harness.close();
	}
});

test("an unknown run id gets a friendly page, not an API message", {
	skip: skipWithoutChromium,
	timeout: 60_000,
}, async () => {
	const harness = await startHarness({ listen: true });
	const browser = await openBrowser({ width: 390 });
	try {
		const { page } = browser;
		await page.goto(`${harness.server?.url}#/runs/run_nobody_knows`);
		await page.getByRole("heading", { name: "No such run" }).waitFor();
		assert.match((await page.locator("#missing-view").textContent()) ?? "", /run_nobody_knows/);
		assert.equal(await page.locator("#run-view").isHidden(), true);
		assert.doesNotMatch((await page.locator("main").textContent()) ?? "", /GET \/api\/runs/);
		await mkdir(artifacts, { recursive: true });
		await page.screenshot({ path: join(artifacts, "unknown-run-390.png") });
		// The one expected console line: the browser reports the API's 404 itself.
		assert.deepEqual(
			browser.problems.filter((problem) => !/status of 404/.test(problem)),
			[],
		);
	} finally {
		await browser.close();
		await harness.close();
	}
});
