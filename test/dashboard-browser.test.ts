import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { markdownCitationRun } from "./hostile/make-hostile-inputs.ts";
import { openBrowser, skipWithoutChromium } from "./support/browser.ts";
import { seedReportRun } from "./support/seed-report-run.ts";
import { startHarness } from "./support/server-harness.ts";

const artifacts = fileURLToPath(new URL("../test-artifacts/", import.meta.url));

test("the dashboard starts a run, shows it live, renders its report with clickable citations", {
	skip: skipWithoutChromium,
	timeout: 60_000,
}, async () => {
	// Each scripted reply waits 400 ms, so the run's events arrive over about 1.5 s.
	const harness = await startHarness({ listen: true, delayMs: 400 });
	const { page, problems, close } = await openBrowser({ width: 1400, height: 1000 });
	try {
		await page.goto(harness.server?.url ?? "");
		await page.getByRole("heading", { name: "Start a run" }).waitFor();

		await page.getByLabel("Topic").fill("AI LLMs");
		await page.getByText("More options").click();
		await page.getByLabel("Crew").fill("briefing");
		await page.getByRole("button", { name: "Start run" }).click();
		await page.waitForURL(/#\/runs\/run_/);
		const runId = decodeURIComponent(new URL(page.url()).hash.replace("#/runs/", ""));

		// Live: the first task and its tool calls appear while the run is still going.
		const research = page.locator('.task-card[data-task="research_task"]');
		await research.waitFor();
		await research.locator(".tool-call", { hasText: "notes/open-weights.md" }).waitFor();
		const live = (await (await harness.request(`/api/runs/${runId}`)).json()) as {
			run: { status: string };
		};
		assert.equal(live.run.status, "running", "events were shown before the run ended");
		await page.locator('.task-card[data-task="writing_task"] .stream').waitFor();

		// Finished: tasks completed, agents listed, the report tab marked ready.
		await page
			.locator('.task-card[data-task="writing_task"].completed')
			.waitFor({ timeout: 15_000 });
		await page.getByRole("tab", { name: "Report ✓" }).waitFor();
		assert.deepEqual(await page.locator(".agent-table tbody th").allTextContents(), [
			"researcher",
			"writer",
		]);
		assert.match((await page.locator("#run-meta").textContent()) ?? "", /completed/);

		await mkdir(artifacts, { recursive: true });
		await page.screenshot({ path: join(artifacts, "dashboard-timeline.png"), fullPage: true });

		await page.getByRole("tab", { name: /Report/ }).click();
		await page.waitForURL(/\/report$/);
		await page.locator("#report h1", { hasText: "Briefing: what changed this year" }).waitFor();
		assert.equal(
			await page.locator("#report h2", { hasText: /^Sources$/ }).count(),
			0,
			"sources live in the panel",
		);
		assert.equal(await page.locator("#source-list li").count(), 3);

		const citation = page.locator('#report a.citation[href="#source-3"]').first();
		await citation.click();
		const source = page.locator("#source-3");
		await assert.doesNotReject(() => source.and(page.locator(".highlight")).waitFor());
		assert.equal(await page.locator("#source-list li.highlight").count(), 1);
		assert.equal(
			await page.evaluate("document.activeElement && document.activeElement.id"),
			"source-3",
		);
		assert.match(
			(await source.textContent()) ?? "",
			/Evaluation in practice.*https:\/\/example\.com\/evaluation/,
		);

		// Keyboard: another citation, reached and followed with the keyboard.
		await page.locator('#report a.citation[href="#source-1"]').first().focus();
		await page.keyboard.press("Enter");
		await page.locator("#source-1.highlight").waitFor();
		await page.locator('#report a.citation[href="#source-3"]').first().click();
		await page.locator("#source-3.highlight").waitFor();

		await page.screenshot({ path: join(artifacts, "dashboard.png"), fullPage: true });

		// Usage across runs, and the run list search.
		await page.getByRole("link", { name: "Usage" }).click();
		await page.locator(".usage-table tbody tr", { hasText: "AI LLMs" }).waitFor();
		await page.screenshot({ path: join(artifacts, "dashboard-usage.png") });
		await page.getByLabel("Search runs").fill("no such run");
		await page.locator("#run-list-empty").waitFor({ state: "visible" });
		assert.deepEqual(problems, []);
	} finally {
		await close();
		await harness.close();
	}
});

test("a report over the evaluation limits shows the reason where the evaluation would be", {
	skip: skipWithoutChromium,
	timeout: 60_000,
}, async () => {
	// 20,000 citations (180 KB, quick to render) take a good tenth of a second to measure:
	// far past this deadline.
	const harness = await startHarness({ listen: true, evaluationLimits: { deadlineMs: 10 } });
	seedReportRun(harness.store, "run_citation_run", markdownCitationRun(20_000));
	const { page, problems, close } = await openBrowser({ width: 1400, height: 1000 });
	try {
		await page.goto(`${harness.server?.url ?? ""}#/runs/run_citation_run/report`);
		await page.locator("#report h1", { hasText: "Report" }).waitFor();
		const refused = page.locator("#evaluation .evaluation-refused");
		await refused.waitFor({ timeout: 30_000 });
		assert.equal(
			await refused.textContent(),
			"The report of run run_citation_run took longer than 10 ms to evaluate (it was stopped); it is not evaluated.",
		);
		assert.equal(await page.locator("#evaluation .figures").count(), 0);
		// The browser logs the 422 answer itself, once (the evaluation is asked for once).
		assert.deepEqual(problems, [
			"console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)",
		]);
	} finally {
		await close();
		await harness.close();
	}
});
