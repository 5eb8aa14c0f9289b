import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import type { HumanQuestion } from "../src/human/human-question.ts";
import { applyOutlineCommands, keepOutline } from "../src/human/outline-edit.ts";
import { openBrowser, skipWithoutChromium } from "./support/browser.ts";
import {
	checkReviewedReport,
	commands,
	expected,
	writeReviewWorkspace,
} from "./support/review-outline.ts";
import { runCli } from "./support/run-cli.ts";
import { startHarness } from "./support/server-harness.ts";

const artifacts = fileURLToPath(new URL("../test-artifacts/", import.meta.url));

test("--review in the dashboard: the outline editor's drops, moves, renames, additions and left-out sources are what the report follows", {
	skip: skipWithoutChromium,
	timeout: 120_000,
}, async () => {
	const harness = await startHarness({ listen: true });
	const { page, problems, close } = await openBrowser({ width: 1200, height: 1400 });
	try {
		// The run is started on the CLI without a terminal: it waits, stored in the same store.
		await writeReviewWorkspace(harness.workspace);
		const started = await runCli(
			[
				"run",
				"--topic",
				"AI LLMs",
				"--sources",
				"docs",
				"--no-web",
				"--model",
				"scripted:script.json",
				"--review",
				"--allow-ungrounded",
			],
			{ cwd: harness.workspace },
		);
		assert.equal(started.code, 3, started.stderr);
		const runId = /(run_[a-z0-9_]+)/.exec(started.stderr)?.[1] ?? "";

		await page.goto(`${harness.server?.url}#/runs/${runId}`);
		const form = page.locator("#answer-form");
		await form.getByText("Review the outline before the report is written").waitFor();
		const titles = () =>
			form
				.locator(".outline-title")
				.evaluateAll((fields) =>
					fields.map((field) => (field as unknown as { value: string }).value),
				);
		assert.equal((await titles()).length, 10);
		assert.match(
			(await form.locator(".outline-sources").first().textContent()) ?? "",
			/\[1\] /,
			"each development shows its sources",
		);

		// The same edit as the CLI test's commands: drop 2; move 2 1; rename 1; drop 8; add; exclude 5.
		await form.getByRole("button", { name: "Drop development 2" }).click();
		// From the keyboard: the move button is reached and pressed without the mouse.
		await form.getByRole("button", { name: "Move development 2 up" }).focus();
		await page.keyboard.press("Enter");
		assert.equal(
			await page.evaluate(
				'document.activeElement && document.activeElement.getAttribute("aria-label")',
			),
			"Title of development 1",
			"the focus stays with the moved development (its up button is now disabled)",
		);
		await form.getByRole("textbox", { name: "Title of development 1" }).fill("Thinking longer");
		await form.getByRole("button", { name: "Drop development 8" }).click();
		await form.getByRole("textbox", { name: "New development" }).fill("Open questions");
		await page.keyboard.press("Enter");
		await form.getByRole("checkbox", { name: /\[5\]/ }).uncheck();
		assert.deepEqual(
			await titles(),
			expected.map((section) => section.title),
		);
		assert.ok(
			(await form.locator(".outline-sources s").count()) > 0,
			"a left-out source is struck through",
		);
		await mkdir(artifacts, { recursive: true });
		await page.screenshot({ path: join(artifacts, "review-outline-editor.png"), fullPage: true });

		await form.getByRole("button", { name: "Write the report from this outline" }).click();
		await form.waitFor({ state: "hidden" });
		await page
			.locator("#run-meta")
			.getByText(/ungrounded|completed/)
			.waitFor({ timeout: 60_000 });
		await checkReviewedReport(join(harness.workspace, "report.md"));

		// The form sent the edit the CLI's commands make of the same outline.
		const events = harness.store.events(runId).map(({ event }) => event);
		const question = events.flatMap((event) =>
			event.type === "human-ask" ? [event.question] : [],
		)[0] as HumanQuestion;
		const draft = question.outline ?? { items: [], sources: [] };
		const answers = events.flatMap((event) =>
			event.type === "human-answer" ? [event.answer] : [],
		);
		assert.deepEqual(answers, [
			applyOutlineCommands(keepOutline(draft), commands.slice(0, -1).join("; "), draft),
		]);
		assert.deepEqual(problems, []);
	} finally {
		await close();
		await harness.close();
	}
});
