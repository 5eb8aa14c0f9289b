import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { openBrowser, skipWithoutChromium } from "./support/browser.ts";
import { startHarness } from "./support/server-harness.ts";
import { startWaitingFlowRun, untilStatus } from "./support/waiting-flow-run.ts";

const artifacts = fileURLToPath(new URL("../test-artifacts/", import.meta.url));

test("the dashboard draws a flow run's steps with their status and its form answers the waiting run", {
	skip: skipWithoutChromium,
	timeout: 60_000,
}, async () => {
	const harness = await startHarness({ listen: true });
	const { page, problems, close } = await openBrowser({ width: 1200 });
	try {
		const runId = await startWaitingFlowRun(harness);
		await page.goto(`${harness.server?.url}#/runs/${runId}`);
		const step = (name: string) => page.locator(`g.flow-step[data-step="${name}"]`);
		await step("approve").and(page.locator('[data-status="waiting"]')).waitFor();
		for (const name of ["draft", "gate", "polish"])
			assert.equal(await step(name).getAttribute("data-status"), "completed");

		const form = page.locator("#answer-form");
		await form.getByText('Publish "Tides rise twice a day."?').waitFor();
		await mkdir(artifacts, { recursive: true });
		await page.screenshot({ path: join(artifacts, "flow-waiting.png"), fullPage: true });

		const done = untilStatus(harness, runId, "completed");
		await form.getByRole("button", { name: "Approve" }).click();
		await done;
		// The page follows the continued run: every step ends completed, the form goes away.
		await step("approve").and(page.locator('[data-status="completed"]')).waitFor();
		await form.waitFor({ state: "hidden" });
		const approved = harness.store
			.events(runId)
			.flatMap(({ event }) => (event.type === "human-answer" ? [event.answer] : []));
		assert.deepEqual(approved, [true]);
		await page.screenshot({ path: join(artifacts, "flow-completed.png"), fullPage: true });
		assert.deepEqual(problems, []);
	} finally {
		await close();
		await harness.close();
	}
});
