import assert from "node:assert/strict";
import { test } from "node:test";
import { ParserLimitError } from "../parsers/parser-limits.ts";
import { isReport, scoreAnswer, scoreAnswerInWorker } from "./score-answer.ts";

const report =
	"# Title\n\nIntro [1].\n\n## 1. One\n\nFirst point [1].\n\n## 2. Two\n\nSecond point.\n\n## Sources\n\n1. a.md";

test("a report gets structure, sections, citation and redundancy scores", () => {
	assert.ok(isReport(report));
	const { kind, metrics } = scoreAnswer(report);
	assert.equal(kind, "report");
	assert.equal(metrics["structure ok"], 1);
	assert.equal(metrics.sections, 2);
	assert.equal(metrics["citation coverage"], 0.5);
	assert.equal(metrics["citation validity"], 1);
	assert.ok((metrics.redundancy ?? 1) < 0.5);
	assert.equal(scoreAnswer(report, { sections: 3 }).metrics["structure ok"], 0);
});

test("any other answer gets non-empty and words", () => {
	assert.deepEqual(scoreAnswer("Three short words"), {
		kind: "text",
		metrics: { "non-empty": 1, words: 3 },
	});
	assert.deepEqual(scoreAnswer("  \n").metrics, { "non-empty": 0, words: 0 });
	assert.equal(isReport("# Title only\n\nText."), false);
});

test("scored as a report, a text answer fails the structure", () => {
	const { kind, metrics } = scoreAnswer("Just text.", { as: "report" });
	assert.equal(kind, "report");
	assert.equal(metrics["structure ok"], 0);
	assert.equal(metrics.sections, 0);
});

test("scored in the worker, an answer gets the same scores; one over a limit is refused by name", async () => {
	for (const answer of [report, "Three short words"]) {
		assert.deepEqual(
			await scoreAnswerInWorker(answer, { label: "The answer" }),
			scoreAnswer(answer),
		);
	}
	await assert.rejects(
		scoreAnswerInWorker(report, {
			label: "The answer of run 1 to write",
			limits: { maxChars: 20 },
		}),
		(error: unknown) =>
			error instanceof ParserLimitError &&
			/^The answer of run 1 to write is too long to evaluate/.test(error.message),
	);
});
