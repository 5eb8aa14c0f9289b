import assert from "node:assert/strict";
import { test } from "node:test";
import {
	htmlListNesting,
	htmlNestingBomb,
	pdfPageBomb,
} from "../../test/hostile/make-hostile-inputs.ts";
import { CancelledError } from "../errors.ts";
import { maxParserWorkers, parseInWorker, runningParserWorkers } from "./parse-in-worker.ts";
import { ParserLimitError, parserLimits } from "./parser-limits.ts";

const label = "https://hostile.example/page";

test("a nesting bomb is refused with a clear error while the event loop stays live", async () => {
	let ticks = 0;
	const ticker = setInterval(() => ticks++, 0);
	const parse = parseInWorker(
		{ type: "html", html: htmlNestingBomb(2000), options: {}, limits: parserLimits() },
		{ label },
	);
	await new Promise((resolve) => setTimeout(resolve, 0));
	const ticksWhileParsing = ticks;
	await assert.rejects(parse, (error: unknown) => {
		assert.ok(error instanceof ParserLimitError);
		assert.equal(error.reason, "too-deep");
		assert.match(error.message, /hostile\.example.*2000 nested elements, over the limit of 256/);
		return true;
	});
	clearInterval(ticker);
	assert.ok(ticksWhileParsing >= 1, "timers ran while the page was being parsed");
});

test("a DOM deeper than the limit is refused after parsing", async () => {
	await assert.rejects(
		parseInWorker(
			{
				type: "html",
				html: htmlListNesting(200),
				options: {},
				limits: parserLimits({ maxDepth: 100 }),
			},
			{ label },
		),
		(error: unknown) => error instanceof ParserLimitError && /levels deep/.test(error.message),
	);
});

test("a parse past its deadline is stopped and named, and the next parse works", async () => {
	await assert.rejects(
		parseInWorker(
			{
				type: "html",
				html: htmlNestingBomb(250),
				options: {},
				limits: parserLimits({ deadlineMs: 1 }),
			},
			{ label },
		),
		(error: unknown) =>
			error instanceof ParserLimitError &&
			error.reason === "deadline" &&
			/longer than 1 ms to parse; it was stopped/.test(error.message),
	);
	const page = await parseInWorker(
		{
			type: "html",
			html: "<html><head><title>Fine</title></head><body><p>A fine page.</p></body></html>",
			options: {},
			limits: parserLimits(),
		},
		{ label },
	);
	assert.equal(page.title, "Fine");
	assert.match(page.markdown, /A fine page\./);
});

test("a parse over its memory limit dies alone with a clear error", async () => {
	const huge = `<html><body>${"<p>word word word word</p>".repeat(300_000)}</body></html>`;
	await assert.rejects(
		parseInWorker(
			{ type: "html", html: huge, options: {}, limits: parserLimits({ maxMemoryMb: 16 }) },
			{ label },
		),
		(error: unknown) =>
			error instanceof ParserLimitError &&
			error.reason === "memory" &&
			error.message.includes(label),
	);
});

test("a PDF whose 2,000 pages share one stream is read only up to the page and text limits", async () => {
	const bomb = pdfPageBomb(2000, 20);
	assert.ok(bomb.byteLength < 400_000, "the bomb is small");
	const byPages = await parseInWorker(
		{ type: "pdf", bytes: bomb, limits: parserLimits({ maxPages: 12 }) },
		{ label },
	);
	assert.equal(byPages.totalPages, 2000);
	assert.equal(byPages.pages.length, 12);
	const byText = await parseInWorker(
		{ type: "pdf", bytes: bomb, limits: parserLimits({ maxTextChars: 3000 }) },
		{ label },
	);
	assert.ok(byText.pages.length < 5, `${byText.pages.length} pages read`);
	assert.ok(byText.pages.join("").length <= 3000);
});

test("a parse is cancelled through its signal", async () => {
	const controller = new AbortController();
	const parse = parseInWorker(
		{ type: "html", html: htmlNestingBomb(250), options: {}, limits: parserLimits() },
		{ label, signal: controller.signal },
	);
	controller.abort();
	await assert.rejects(parse, CancelledError);
});

test("at most maxParserWorkers jobs run at once; the others wait their turn and all finish", async () => {
	const jobs = maxParserWorkers + 3;
	let mostRunning = 0;
	const sampler = setInterval(() => {
		mostRunning = Math.max(mostRunning, runningParserWorkers());
	}, 0);
	try {
		const pages = await Promise.all(
			Array.from({ length: jobs }, (_, index) =>
				parseInWorker(
					{
						type: "html",
						html: `<html><body><article><h1>Page ${index}</h1><p>${"Text of the page. ".repeat(40)}</p></article></body></html>`,
						options: {},
						limits: parserLimits(),
					},
					{ label: `page ${index}` },
				),
			),
		);
		assert.equal(pages.length, jobs);
		for (const [index, page] of pages.entries()) {
			assert.match(page.markdown, new RegExp(`Page ${index}[\\s\\S]*Text of the page`));
		}
	} finally {
		clearInterval(sampler);
	}
	assert.ok(mostRunning <= maxParserWorkers, `${mostRunning} ran at once`);
	assert.equal(runningParserWorkers(), 0);
});

test("a job waiting for a slot is cancelled by its signal", async () => {
	const busy = Array.from({ length: maxParserWorkers }, () =>
		parseInWorker(
			{ type: "html", html: htmlNestingBomb(2000), options: {}, limits: parserLimits() },
			{ label },
		).catch(() => undefined),
	);
	const controller = new AbortController();
	const waiting = parseInWorker(
		{ type: "html", html: "<p>x</p>", options: {}, limits: parserLimits() },
		{ label: "waiting page", signal: controller.signal },
	);
	controller.abort();
	await assert.rejects(waiting, CancelledError);
	await Promise.all(busy);
	assert.equal(runningParserWorkers(), 0);
});
