import assert from "node:assert/strict";
import { test } from "node:test";
import { goodReport, notePassages } from "../../test/support/evaluation-fixtures.ts";
import { CancelledError } from "../errors.ts";
import { ParserLimitError } from "../parsers/parser-limits.ts";
import { evaluateReport } from "./evaluate-report.ts";
import {
	assertEvaluationWithinLimits,
	defaultReportEvaluationLimits,
	evaluateReportInWorker,
} from "./evaluate-report-in-worker.ts";

const label = "The report";

test("the worker's evaluation is the one evaluateReport gives, passages included", async () => {
	const options = { sections: 10, passages: notePassages };
	const inWorker = await evaluateReportInWorker(goodReport, { label, evaluation: options });
	assert.deepEqual(inWorker, evaluateReport(goodReport, options));
	assert.ok(inWorker.support && inWorker.support.citedSentences > 0);
});

test("a research run's task outputs give the passages, as the dashboard sends them", async () => {
	const titles = [...goodReport.matchAll(/^\d+\. (.+?) —/gm)].map((match) => match[1] ?? "");
	const sources = titles.map((title, index) => ({ id: index + 100, title }));
	const passages = sources.flatMap((source, index) =>
		(notePassages.get(index + 1) ?? []).map((text) => ({ sourceId: source.id, text })),
	);
	assert.ok(passages.length > 0);
	const inWorker = await evaluateReportInWorker(goodReport, {
		label,
		evaluation: { sections: 10, taskValues: ["plan", { sources, passages }] },
	});
	assert.deepEqual(inWorker, evaluateReport(goodReport, { sections: 10, passages: notePassages }));
});

test("a report or passages over the size limit are refused before the worker, naming the limit", async () => {
	await assert.rejects(
		evaluateReportInWorker("x".repeat(101), { label, limits: { maxChars: 100 } }),
		(error) =>
			error instanceof ParserLimitError &&
			error.reason === "too-large" &&
			error.message ===
				"The report is too long to evaluate (101 characters, over the limit of 100)",
	);
	await assert.rejects(
		evaluateReportInWorker("# Short", {
			label,
			evaluation: { passages: new Map([[1, ["y".repeat(60), "y".repeat(60)]]]) },
			limits: { maxPassageChars: 100 },
		}),
		/^ParserLimitError: The report has its source passages too long to evaluate \(120 characters/,
	);
});

test("the default limits: 2 million characters, 20 million of passages, 10 seconds, 512 MB", () => {
	assert.deepEqual(defaultReportEvaluationLimits, {
		maxChars: 2_000_000,
		maxPassageChars: 20_000_000,
		deadlineMs: 10_000,
		maxMemoryMb: 512,
	});
});

test("a report, a reference and passages exactly at their limits are accepted, one character more refused", () => {
	const limits = { maxChars: 10, maxPassageChars: 6 };
	const refused = (run: () => void, message: string) =>
		assert.throws(
			run,
			(error) =>
				error instanceof ParserLimitError &&
				error.reason === "too-large" &&
				error.message === message,
		);
	assertEvaluationWithinLimits("x".repeat(10), { reference: "y".repeat(10) }, label, limits);
	refused(
		() => assertEvaluationWithinLimits("x".repeat(11), {}, label, limits),
		"The report is too long to evaluate (11 characters, over the limit of 10)",
	);
	refused(
		() => assertEvaluationWithinLimits("x", { reference: "y".repeat(11) }, label, limits),
		"The report has a reference report too long to evaluate (11 characters, over the limit of 10)",
	);
	const snapshot = { passages: [{ text: "abc" }, { text: 7 }, null, { sourceId: 1 }] };
	assertEvaluationWithinLimits(
		"x",
		{
			passages: new Map([[1, ["abc"]]]),
			taskValues: [null, "plan", { passages: "none" }, snapshot],
		},
		label,
		limits,
	);
	refused(
		() =>
			assertEvaluationWithinLimits(
				"x",
				{
					passages: new Map([[1, ["ab", "c"]]]),
					taskValues: [snapshot, { passages: [{ text: "d" }] }],
				},
				label,
				limits,
			),
		"The report has its source passages too long to evaluate (7 characters, over the limit of 6)",
	);
	refused(
		() => assertEvaluationWithinLimits("x".repeat(2_000_001), {}, "'big.md'"),
		"'big.md' is too long to evaluate (2,000,001 characters, over the limit of 2,000,000)",
	);
});

test("an evaluation past its deadline is stopped, and the message says so", async () => {
	// Thousands of citations in one sentence take hundreds of milliseconds to measure.
	const slow = `# T\n\n## 1. A\n\nIt grew ${"[1] ".repeat(3000)}.\n\n## Sources\n\n1. A — a.md`;
	await assert.rejects(
		evaluateReportInWorker(slow, { label, limits: { deadlineMs: 1 } }),
		(error) =>
			error instanceof ParserLimitError &&
			error.reason === "deadline" &&
			error.message === "The report took longer than 1 ms to evaluate (it was stopped)" &&
			error.cause instanceof ParserLimitError,
	);
});

test("a cancelled evaluation rejects with the cancellation, not a limit", async () => {
	await assert.rejects(
		evaluateReportInWorker(goodReport, { label, signal: AbortSignal.abort() }),
		(error) => error instanceof CancelledError && !(error instanceof ParserLimitError),
	);
});

test("a reference report over the size limit is refused before the worker", async () => {
	await assert.rejects(
		evaluateReportInWorker("# Short", {
			label,
			evaluation: { reference: "z".repeat(101) },
			limits: { maxChars: 100 },
		}),
		/^ParserLimitError: The report has a reference report too long to evaluate \(101 characters/,
	);
});
