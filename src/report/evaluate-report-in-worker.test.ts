import assert from "node:assert/strict";
import { test } from "node:test";
import { goodReport, notePassages } from "../../test/support/evaluation-fixtures.ts";
import { ParserLimitError } from "../parsers/parser-limits.ts";
import { evaluateReport } from "./evaluate-report.ts";
import { evaluateReportInWorker } from "./evaluate-report-in-worker.ts";

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
