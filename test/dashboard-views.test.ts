import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { openBrowser, skipWithoutChromium } from "./support/browser.ts";
import {
	type Harness,
	startBriefingRun,
	startHarness,
	waitForStatus,
} from "./support/server-harness.ts";

const artifacts = fileURLToPath(new URL("../test-artifacts/dashboard/", import.meta.url));

/** The page never scrolls sideways: nothing is wider than the screen. */
async function assertNoHorizontalScroll(page: Page, where: string) {
	const overflow = (await page.evaluate(
		"document.documentElement.scrollWidth - document.documentElement.clientWidth",
	)) as number;
	assert.ok(overflow <= 0, `${where}: the page is ${overflow}px wider than the screen`);
}

const layouts = [
	{ width: 1366, colorScheme: "light" },
	{ width: 1366, colorScheme: "dark" },
	{ width: 390, colorScheme: "light" },
	{ width: 390, colorScheme: "dark" },
] as const;

describe("dashboard views in Chromium", { skip: skipWithoutChromium }, () => {
	let harness: Harness;
	let first: string;
	let second: string;
	before(async () => {
		harness = await startHarness({ listen: true });
		first = await startBriefingRun(harness, { topic: "Open weights" });
		await waitForStatus(harness, first, ["completed"]);
		second = await startBriefingRun(harness, { topic: "Inference" });
		await waitForStatus(harness, second, ["completed"]);
		await mkdir(artifacts, { recursive: true });
	});
	after(() => harness?.close());

	for (const layout of layouts) {
		const name = `${layout.width}-${layout.colorScheme}`;
		test(`time view, calls, report with evaluation and downloads, crew graph, compare, keyboard at ${layout.width} px, ${layout.colorScheme}`, {
			timeout: 120_000,
		}, async () => {
			const browser = await openBrowser({ width: layout.width, colorScheme: layout.colorScheme });
			const { page } = browser;
			const base = harness.server?.url ?? "";
			const shot = (view: string) =>
				page.screenshot({ path: join(artifacts, `${view}-${name}.png`), fullPage: true });
			try {
				assert.equal(
					await page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches"),
					layout.colorScheme === "dark",
				);
				await page.goto(`${base}#/runs/${first}`);
				await page.locator('.task-card[data-task="writing_task"].completed').waitFor();
				await assertNoHorizontalScroll(page, "timeline");
				await shot("timeline");

				// Time view: a bar per model call and tool call, with tokens in their labels.
				await page.getByRole("tab", { name: "Time", exact: true }).click();
				const callBars = page.locator(".time-track .call-bar");
				await callBars.first().waitFor();
				assert.equal(await callBars.count(), 3);
				assert.ok((await page.locator(".time-track .tool-bar").count()) >= 1);
				assert.match(
					(await callBars.first().getAttribute("aria-label")) ?? "",
					/Model call \d+ of research_task: \d+ tokens in, \d+ out/,
				);
				assert.match(
					(await page.locator(".time-label").first().textContent()) ?? "",
					/\d+ in · \d+ out/,
				);
				await assertNoHorizontalScroll(page, "time view");
				await shot("time");

				// A call opens its whole prompt and answer (bars are buttons: reached by keyboard too).
				await callBars.first().focus();
				await page.keyboard.press("Enter");
				await page.waitForURL(/\/calls$/);
				const inspector = page.locator("#call-inspector");
				await inspector
					.locator("h3", { hasText: /Model call #\d+ · research_task · researcher/ })
					.waitFor();
				assert.ok((await inspector.locator(".message").count()) >= 2, "system and user messages");
				await inspector.locator("h4", { hasText: "Answer" }).waitFor();
				assert.equal(await page.locator(".calls-table tbody tr").count(), 3);
				await page
					.getByRole("button", { name: /Prompt and answer of call/ })
					.last()
					.click();
				await inspector.locator("h3", { hasText: "writing_task · writer" }).waitFor();
				await assertNoHorizontalScroll(page, "calls");
				await shot("calls");

				// Report with its evaluation beside it, and downloads.
				await page.getByRole("tab", { name: /^Report/ }).click();
				await page.locator("#report h1").waitFor();
				const figures = page.locator("#evaluation .figures");
				await figures.waitFor();
				const evaluation = (await figures.textContent()) ?? "";
				assert.match(evaluation, /Citation coverage \(sections\)\d+ %/);
				assert.match(evaluation, /Citation validity\d+ %/);
				assert.match(evaluation, /Redundancy/);
				for (const format of ["md", "html", "docx"]) {
					const href = (await page.locator(`#download-${format}`).getAttribute("href")) ?? "";
					const response = await page.request.get(new URL(href, base).href);
					assert.equal(response.status(), 200, format);
					assert.match(
						response.headers()["content-disposition"] ?? "",
						new RegExp(`${first}\\.${format}`),
					);
				}
				const download = page.waitForEvent("download");
				await page.locator("#download-html").click();
				assert.equal((await download).suggestedFilename(), `${first}.html`);
				await assertNoHorizontalScroll(page, "report");
				await shot("report");

				// The crew as a graph: agents, tasks, tools, and edges between them.
				await page.getByRole("tab", { name: "Crew" }).click();
				const graph = page.locator("svg.crew-graph");
				await graph.waitFor();
				assert.equal(await graph.locator(".node-agent").count(), 2);
				assert.equal(await graph.locator(".node-task").count(), 2);
				assert.ok((await graph.locator(".node-tool").count()) >= 1);
				assert.ok((await graph.locator(".edge-context").count()) >= 1);
				await assertNoHorizontalScroll(page, "crew");
				await shot("crew");

				// Keyboard: 1–5 switch views, ? shows the keys, j/k move through runs, c compares.
				await page.locator("body").click({ position: { x: 5, y: 5 } });
				await page.keyboard.press("2");
				await page.locator('#tab-time[aria-selected="true"]').waitFor();
				await page.keyboard.press("?");
				await page.locator("#keyboard-help").waitFor({ state: "visible" });
				await page.keyboard.press("Escape");
				await page.locator("#keyboard-help").waitFor({ state: "hidden" });
				await page.keyboard.press("c");
				await page.waitForURL(/#\/compare\//);
				await page.locator("#compare-heading").waitFor();
				assert.equal(await page.locator(".compare-table tbody tr").count(), 7);
				assert.match((await page.locator("#compare-view").textContent()) ?? "", /In both \(\d+\)/);
				await page.locator(".report-diff li").first().waitFor();
				await assertNoHorizontalScroll(page, "compare");
				await shot("compare");

				await page.goto(`${base}#/compare/${first}/${second}`);
				await page.locator("#compare-heading").waitFor();
				await page.keyboard.press("j");
				await page.waitForURL(/#\/runs\/run_/);
				assert.deepEqual(browser.problems, []);
			} finally {
				await browser.close();
			}
		});
	}
});
