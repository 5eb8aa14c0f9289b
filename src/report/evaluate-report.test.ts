import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import {
	changedNumbersReport,
	duplicatedReport,
	goodReport,
	missingSourcesReport,
	notePassages,
	uncitedReport,
} from "../../test/support/evaluation-fixtures.ts";
import { skipWhenMissing } from "../../test/support/skip-when-missing.ts";
import { evaluateReport, formatShare } from "./evaluate-report.ts";

const referenceDir = fileURLToPath(
	new URL("../../../shared/fixtures/reference-reports/", import.meta.url),
);
const noReferences = skipWhenMissing(
	existsSync(referenceDir),
	`the reference reports are absent (${referenceDir}): this clone has no ../shared`,
);
const reference = (name: string) => readFileSync(`${referenceDir}${name}`, "utf8");
const evaluate = (markdown: string) => evaluateReport(markdown, { passages: notePassages });

describe("labelled reports: the good one beats each bad one on what the bad one gets wrong", () => {
	const good = evaluate(goodReport);

	test("the good report: every section cited, valid citations, supported sentences", () => {
		assert.equal(good.structure.ok, true);
		assert.equal(good.citations.total, 20);
		assert.equal(good.citations.sectionCoverage, 1);
		assert.equal(good.citations.paragraphCoverage, 1);
		assert.equal(good.citations.validity, 1);
		assert.deepEqual(good.citations.unresolved, []);
		assert.deepEqual(good.citations.uncited, []);
		assert.equal(good.sources.length, 10);
		assert.deepEqual(
			good.support && { ...good.support, unsupported: good.support.unsupported.length },
			{
				citedSentences: 20,
				supported: 20,
				rate: 1,
				unchecked: 0,
				unsupported: 0,
			},
		);
		assert.ok(good.redundancy.maxSimilarity < 0.3, `${good.redundancy.maxSimilarity}`);
	});

	test("no citations: lower coverage, validity and support", () => {
		const bad = evaluate(uncitedReport);
		assert.equal(bad.citations.total, 0);
		assert.ok(good.citations.sectionCoverage > bad.citations.sectionCoverage);
		assert.ok(good.citations.paragraphCoverage > bad.citations.paragraphCoverage);
		assert.ok(good.citations.validity > bad.citations.validity);
		assert.deepEqual(bad.citations.uncited, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		assert.equal(bad.support?.citedSentences, 0);
		assert.ok((good.support?.rate ?? 0) > (bad.support?.rate ?? 1));
	});

	test("citations to missing sources: unresolved and uncited numbers, lower validity and support", () => {
		const bad = evaluate(missingSourcesReport);
		assert.deepEqual(bad.citations.unresolved, [16, 17, 18, 19, 20]);
		assert.deepEqual(bad.citations.uncited, [6, 7, 8, 9, 10]);
		assert.equal(bad.citations.validity, 5 / 15);
		assert.equal(bad.citations.sectionCoverage, 0.5);
		assert.ok(good.citations.validity > bad.citations.validity);
		assert.ok(good.citations.sectionCoverage > bad.citations.sectionCoverage);
		assert.ok((good.support?.rate ?? 0) > (bad.support?.rate ?? 1));
		assert.equal(bad.support?.supported, 10);
	});

	test("changed figures: the citations are valid but the sentences unsupported", () => {
		const bad = evaluate(changedNumbersReport);
		assert.equal(bad.citations.validity, 1);
		assert.ok((good.support?.rate ?? 0) > (bad.support?.rate ?? 1));
		assert.ok((bad.support?.rate ?? 1) <= 0.1, `${bad.support?.rate}`);
		assert.equal(bad.support?.unsupported.length, bad.support?.citedSentences);
	});

	test("a duplicated section: higher redundancy, on the right pair", () => {
		const bad = evaluate(duplicatedReport);
		assert.ok(bad.redundancy.maxSimilarity > good.redundancy.maxSimilarity);
		assert.ok(bad.redundancy.maxSimilarity > 0.8);
		assert.deepEqual(bad.redundancy.pair, [3, 7]);
	});
});

test("support is measured only with passages; a function works like a map", () => {
	assert.equal(evaluateReport(goodReport).support, undefined);
	const fromFunction = evaluateReport(goodReport, {
		passages: (number) => notePassages.get(number) ?? [],
	});
	assert.deepEqual(fromFunction.support, evaluate(goodReport).support);
});

test("sentences citing listed sources without passages are unchecked, not unsupported", () => {
	const evaluation = evaluateReport(goodReport, {
		passages: new Map([...notePassages].filter(([number]) => number <= 5)),
	});
	assert.equal(evaluation.support?.citedSentences, 10);
	assert.equal(evaluation.support?.unchecked, 10);
	assert.equal(evaluation.support?.rate, 1);
});

test("coverage: a report covers itself entirely, and misses a topic whose text it lacks", () => {
	const itself = evaluateReport(goodReport, { reference: goodReport });
	assert.equal(itself.coverage?.share, 1);
	assert.deepEqual(itself.coverage?.missed, []);
	assert.equal(evaluateReport(goodReport).coverage, undefined);
	const duplicated = evaluateReport(duplicatedReport, { reference: goodReport });
	assert.deepEqual(duplicated.coverage?.missed, ["Grid Interconnection Queues"]);
	assert.equal(duplicated.coverage?.share, 0.9);
	const match = duplicated.coverage?.matches.find((item) => item.topic === "Heat Pumps in Europe");
	assert.equal(match?.section, 3);
});

test("degenerate input does not crash and counts nothing", () => {
	for (const markdown of [
		"",
		"# Only a title",
		"No heading at all [1].",
		"## Sources\n\n1. A — a.md",
	]) {
		const evaluation = evaluateReport(markdown, { passages: new Map(), reference: markdown });
		assert.equal(evaluation.structure.ok, false);
		assert.equal(evaluation.citations.sectionCoverage, 0);
		assert.equal(evaluation.redundancy.maxSimilarity, 0);
		assert.equal(evaluation.redundancy.pair, undefined);
		assert.equal(evaluation.coverage?.share, 0);
		assert.equal(typeof evaluation.summary, "string");
	}
});

test("the summary gives the main figures in one line", () => {
	const summary = evaluateReport(duplicatedReport, {
		passages: notePassages,
		reference: goodReport,
	}).summary;
	assert.doesNotMatch(summary, /\n/);
	assert.match(
		summary,
		/^structure ok \(10 sections\); 20 citations, 100% of sections cited, validity 0\.90; support 20\/20 \(100%\); max section similarity 0\.\d\d \(3 and 7\); covers 90% of the reference's topics \(9\/10\)$/,
	);
	assert.equal(formatShare(0.875), "88%");
});

describe("the reference reports", { skip: noReferences }, () => {
	const names = ["report-a.md", "report-b.md", "report-c.md"];

	for (const name of names) {
		test(`${name}: zero citations, zero support out of zero, and no crash`, () => {
			const evaluation = evaluateReport(reference(name), { passages: new Map() });
			assert.equal(evaluation.structure.ok, true);
			assert.equal(evaluation.citations.total, 0);
			assert.equal(evaluation.citations.sectionsWithCitation, 0);
			assert.equal(evaluation.citations.sectionCoverage, 0);
			assert.equal(evaluation.citations.paragraphCoverage, 0);
			assert.equal(evaluation.citations.validity, 0);
			assert.deepEqual(evaluation.sources, []);
			assert.deepEqual(evaluation.support, {
				citedSentences: 0,
				supported: 0,
				rate: 0,
				unchecked: 0,
				unsupported: [],
			});
			assert.ok(
				evaluation.redundancy.maxSimilarity > 0 && evaluation.redundancy.maxSimilarity < 0.3,
			);
			assert.match(evaluation.summary, /no citations; support 0\/0 \(0%\)/);
		});

		test(`${name} covers itself entirely`, () => {
			const coverage = evaluateReport(reference(name), { reference: reference(name) }).coverage;
			assert.equal(coverage?.share, 1);
			assert.equal(coverage?.covered.length, 10);
		});
	}

	test("a report on another subject covers none of a reference report's topics", () => {
		const coverage = evaluateReport(goodReport, { reference: reference("report-a.md") }).coverage;
		assert.equal(coverage?.share, 0);
		assert.equal(coverage?.missed.length, 10);
	});

	test("coverage between the reference reports is partial and names the topics", () => {
		const aOfB = evaluateReport(reference("report-a.md"), { reference: reference("report-b.md") });
		assert.ok((aOfB.coverage?.share ?? 0) > 0.3, `${aOfB.coverage?.share}`);
		assert.ok((aOfB.coverage?.share ?? 1) < 1);
		assert.ok(aOfB.coverage?.covered.includes("Open Source LLMs Dominance"));
		assert.ok(aOfB.coverage?.covered.includes("Advancements in Multimodal Learning"));
		for (const [report, other] of [
			["report-b.md", "report-c.md"],
			["report-c.md", "report-a.md"],
		] as const) {
			const share =
				evaluateReport(reference(report), { reference: reference(other) }).coverage?.share ?? 0;
			assert.ok(share > 0.3 && share < 1, `${report} of ${other}: ${share}`);
		}
	});
});

describe("the summary line of a small report", () => {
	const small = [
		"# Tides",
		"The sea rises twice a day [1].",
		"## 1. Moon",
		"The moon pulls the sea twice a day [1].",
		"## 2. Sun",
		"The sun pulls the sea too [2].",
		"## Sources",
		"1. Moon note — notes/moon.md",
		"2. Sun note — notes/sun.md",
	].join("\n\n");
	const passages = new Map([
		[1, ["The moon's pull raises the sea twice a day."]],
		[2, ["The sun pulls the sea too."]],
	]);

	test("structure problems against the expected section count, or ok with the option", () => {
		assert.equal(
			evaluateReport(small).summary,
			"structure: 1 problem(s); 3 citations, 100% of sections cited, validity 1.00; max section similarity 0.21 (1 and 2)",
		);
		assert.deepEqual(evaluateReport(small, { sections: 2 }).structure, {
			ok: true,
			problems: [],
			sections: 2,
		});
	});

	test("support and coverage join the line when passages and a reference are given", () => {
		assert.equal(
			evaluateReport(small, { sections: 2, passages, reference: small }).summary,
			"structure ok (2 sections); 3 citations, 100% of sections cited, validity 1.00; support 3/3 (100%); max section similarity 0.21 (1 and 2); covers 100% of the reference's topics (2/2)",
		);
	});

	test("the support and coverage thresholds are passed on", () => {
		const strict = evaluateReport(small, {
			sections: 2,
			passages,
			reference: small,
			supportThreshold: 0.9,
			coverageThreshold: 1.01,
		});
		assert.equal(
			strict.summary,
			"structure ok (2 sections); 3 citations, 100% of sections cited, validity 1.00; support 2/3 (67%); max section similarity 0.21 (1 and 2); covers 0% of the reference's topics (0/2)",
		);
		assert.deepEqual(strict.support?.unsupported[0]?.sentence, "The sea rises twice a day [1].");
	});

	test("a report without citations or a second section says so", () => {
		assert.equal(
			evaluateReport("# T\n\n## 1. Only\n\nText.").summary,
			"structure: 1 problem(s); no citations; no section pair to compare",
		);
	});

	test("formatShare rounds to a whole percentage", () => {
		assert.deepEqual([0, 0.004, 0.125, 2 / 3, 1].map(formatShare), [
			"0%",
			"0%",
			"13%",
			"67%",
			"100%",
		]);
	});
});
