import assert from "node:assert/strict";
import { test } from "node:test";
import { ParserLimitError } from "../parsers/parser-limits.ts";
import { renderReport } from "./render-report.ts";
import { renderReportInWorker, reportToDocxInWorker } from "./render-report-in-worker.ts";

const report = `# Findings

A claim [1] and <script>alert(1)</script> a [link](https://example.com).

## Sources

1. Example — https://example.com — accessed 2026-01-02
`;
const label = "The report of run r1";

test("a report renders in the worker exactly as on the calling thread", async () => {
	const rendered = await renderReportInWorker(report, { label });
	assert.deepEqual(rendered, renderReport(report));
	assert.equal(rendered.renderError, undefined);
	assert.match(rendered.html, /<a class="citation" href="#source-1">1<\/a>/);
	assert.doesNotMatch(rendered.html, /<script/);
});

test("a report longer than the limit is plain text with the reason, or an error when asked", async () => {
	const long = `# Long\n\n<b>bold</b>${"word ".repeat(400)}`;
	const limits = { maxChars: 1000 };
	const rendered = await renderReportInWorker(long, { label, limits });
	assert.equal(
		rendered.renderError,
		`${label} is too long to render (2,019 characters, over the limit of 1,000): it is shown as plain text.`,
	);
	assert.equal(rendered.title, "Long");
	assert.ok(rendered.html.startsWith("<pre># Long"));
	assert.ok(rendered.html.length < 1100, "only the first 1,000 characters are shown");
	assert.match(rendered.html, /&#60;b&#62;/, "escaped, never markup");
	await assert.rejects(
		renderReportInWorker(long, { label, limits, overLimit: "throw" }),
		(error: unknown) =>
			error instanceof ParserLimitError &&
			error.reason === "too-large" &&
			error.message.startsWith(`${label} is too long to render`),
	);
	const fits = await renderReportInWorker(long, { label, limits: { maxChars: long.length } });
	assert.equal(fits.renderError, undefined);
});

test("block nesting past the limit is refused before marked sees it", async () => {
	const nested = `# Deep\n\n${"> ".repeat(11)}deep\n`;
	const rendered = await renderReportInWorker(nested, { label, limits: { maxDepth: 10 } });
	assert.match(
		rendered.renderError ?? "",
		/nested too deeply to render \(block quotes or lists 11 levels deep, over the limit of 10\)/,
	);
	const fits = await renderReportInWorker(nested, { label, limits: { maxDepth: 11 } });
	assert.equal(fits.renderError, undefined);
	assert.match(fits.html, /<blockquote>/);
});

test("a rendering past its deadline is stopped and named; the event loop stays live; the next one works", async () => {
	let ticks = 0;
	const ticker = setInterval(() => ticks++, 0);
	try {
		// marked searches emphasis runs quadratically: this takes many seconds to render.
		const slow = `# Slow\n\n${"_a".repeat(50_000)}\n`;
		const rendering = renderReportInWorker(slow, { label, limits: { deadlineMs: 300 } });
		await new Promise((resolve) => setTimeout(resolve, 0));
		const rendered = await rendering;
		assert.equal(
			rendered.renderError,
			`${label} took longer than 300 ms to render (it was stopped): it is shown as plain text.`,
		);
		assert.ok(ticks >= 1, "timers ran during the rendering");
		assert.equal((await renderReportInWorker(report, { label })).renderError, undefined);
	} finally {
		clearInterval(ticker);
	}
});

test("a Word document is made in the worker within the same limits", async () => {
	const docx = await reportToDocxInWorker(report, { label });
	assert.equal(Buffer.from(docx.subarray(0, 2)).toString("latin1"), "PK", "a zip file");
	await assert.rejects(
		reportToDocxInWorker(report, { label, limits: { maxChars: 10 } }),
		(error: unknown) => error instanceof ParserLimitError && error.reason === "too-large",
	);
});
