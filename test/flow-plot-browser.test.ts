import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { openBrowser, skipWithoutChromium } from "./support/browser.ts";
import { runCli } from "./support/run-cli.ts";

const examples = new URL("../examples/", import.meta.url);

test("crewkit flow plot writes a page Chromium opens without errors, every step and edge drawn", {
	skip: skipWithoutChromium,
	timeout: 60_000,
}, async () => {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-plot-"));
	const flowFile = new URL("self-evaluation/flow.ts", examples).pathname;
	const plotted = await runCli(["flow", "plot", flowFile, "--out", "plot.html"], { cwd });
	assert.equal(plotted.code, 0, plotted.stderr);
	const html = await readFile(join(cwd, "plot.html"), "utf8");
	assert.doesNotMatch(
		html,
		/(src|href)=["']?https?:|<link|<script/,
		"self-contained: loads nothing",
	);

	const { page, problems, close } = await openBrowser({ width: 1200 });
	try {
		await page.goto(pathToFileURL(join(cwd, "plot.html")).href);
		await page.locator("svg.flow-graph").waitFor();
		const steps = await page
			.locator("g.flow-step")
			.evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-step")));
		assert.deepEqual(steps, ["generate", "evaluate", "publish", "give_up"]);
		const edges = await page
			.locator("path.flow-edge")
			.evaluateAll((nodes) =>
				nodes.map((node) => `${node.getAttribute("data-from")}→${node.getAttribute("data-to")}`),
			);
		assert.deepEqual(edges.toSorted(), [
			"evaluate→generate",
			"evaluate→give_up",
			"evaluate→publish",
			"generate→evaluate",
		]);
		// Laid out: every step box inside the picture, none on top of another.
		const boxes = await page.locator("g.flow-step rect").evaluateAll((rects) =>
			rects.map((rect) => {
				const box = rect.getBoundingClientRect();
				return { x: box.x, y: box.y, width: box.width, height: box.height };
			}),
		);
		for (const [index, box] of boxes.entries()) {
			assert.ok(box.width > 0 && box.height > 0);
			for (const other of boxes.slice(index + 1)) {
				const apart =
					box.x + box.width <= other.x ||
					other.x + other.width <= box.x ||
					box.y + box.height <= other.y ||
					other.y + other.height <= box.y;
				assert.ok(apart, "two step boxes overlap");
			}
		}
		assert.deepEqual(problems, []);
	} finally {
		await close();
	}
});
