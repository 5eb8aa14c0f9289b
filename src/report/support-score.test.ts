import assert from "node:assert/strict";
import { test } from "node:test";
import { supportExamples } from "../../test/support/support-examples.ts";
import { defaultSupportThreshold, isSupported, supportScore } from "./support-score.ts";

const scored = supportExamples.map((example) => ({
	...example,
	score: supportScore(example.sentence, example.passage),
}));
const accuracyAt = (threshold: number) =>
	scored.filter((example) => example.score >= threshold === example.supported).length /
	scored.length;

test("the labelled set is varied: at least 30 examples, both labels, every kind", () => {
	assert.ok(supportExamples.length >= 30);
	const kinds = new Set(supportExamples.map((example) => example.kind));
	assert.equal(kinds.size, 9);
	assert.ok(supportExamples.filter((example) => example.supported).length >= 10);
	assert.ok(supportExamples.filter((example) => !example.supported).length >= 10);
});

test("accuracy on the labelled examples is at least 0.9 at the default threshold", (context) => {
	const accuracy = accuracyAt(defaultSupportThreshold);
	const wrong = scored.filter(
		(example) => example.score >= defaultSupportThreshold !== example.supported,
	);
	context.diagnostic(`accuracy ${accuracy.toFixed(3)} on ${scored.length} examples`);
	assert.ok(
		accuracy >= 0.9,
		`accuracy ${accuracy}; misclassified:\n${wrong.map((example) => `${example.score.toFixed(2)} ${example.kind}: ${example.sentence}`).join("\n")}`,
	);
});

test("the default threshold is among the best thresholds on the examples", () => {
	const candidates = Array.from({ length: 101 }, (_, index) => index / 100);
	const best = Math.max(...candidates.map(accuracyAt));
	assert.equal(accuracyAt(defaultSupportThreshold), best);
});

test("every changed number or name is unsupported", () => {
	for (const example of scored) {
		if (example.kind !== "changed-number" && example.kind !== "changed-name") continue;
		assert.equal(
			isSupported(example.sentence, [example.passage]),
			false,
			`${example.score.toFixed(2)}: ${example.sentence}`,
		);
	}
});

test("a missing number caps the score below the threshold even with every word shared", () => {
	const passage = "The model was trained on 2 trillion tokens of public web text.";
	assert.equal(
		supportScore("The model was trained on 2 trillion tokens of public web text.", passage),
		1,
	);
	assert.ok(
		supportScore("The model was trained on 3 trillion tokens of public web text.", passage) < 0.4,
	);
});

test("negation and direction mismatches halve the score", () => {
	const passage = "Remote work did not reduce productivity. Office rents increased in 2023.";
	assert.ok(supportScore("Remote work did not reduce productivity.", passage) > 0.9);
	assert.ok(supportScore("Remote work reduced productivity.", passage) <= 0.5);
	assert.ok(supportScore("Office rents decreased in 2023.", passage) <= 0.5);
});

test("support may come from adjacent passage sentences or from several passages", () => {
	const first = "Lumen Labs released the Aster model in May. It was trained on 40 GPUs.";
	const second = "Aster answers questions in Welsh and Breton.";
	assert.ok(isSupported("Lumen Labs released Aster, which was trained on 40 GPUs.", [first]));
	assert.ok(
		isSupported("Aster, trained on 40 GPUs, answers questions in Welsh [1, 2].", [first, second]),
	);
	assert.equal(isSupported("Aster answers questions in Welsh.", []), false);
});

test("a sentence without content words scores 0", () => {
	assert.equal(supportScore("It is so [1].", "It is so."), 0);
});

test("the score is the weighted recall times a factor per missing number, name and initial", () => {
	// Names, numbers and initials weigh 2, other words 1.
	assert.equal(
		supportScore("Solar panels got cheaper in Kenya.", "Solar panels got cheaper in India."),
		(5 / 7) * 0.5,
	);
	assert.equal(supportScore("Developers praised it.", "Users praised it."), (1 / 3) * 0.75);
	assert.equal(supportScore("Sales grew 50 units.", "Sales grew 40 units."), (4 / 6) * 0.4);
	assert.equal(supportScore("Sales grew three units.", "Sales grew 3 units."), 1);
	assert.equal(supportScore("Solar panels and solar farms grew.", "Solar panels grew."), 4 / 5);
	assert.equal(defaultSupportThreshold, 0.55);
});

test("a negation on one side only halves the score, whichever side has it", () => {
	for (const negation of [
		"not",
		"no",
		"never",
		"without",
		"none",
		"neither",
		"nor",
		"nothing",
		"nobody",
	]) {
		assert.equal(
			supportScore(`Remote staff saw ${negation} gains.`, "Remote staff saw gains."),
			0.5,
			negation,
		);
	}
	assert.equal(supportScore("Remote staff cannot see gains.", "Remote staff see gains."), 0.5);
	assert.equal(
		supportScore("Remote work reduced productivity.", "Remote work did not reduce productivity."),
		0.5,
	);
	assert.equal(
		supportScore("Remote work did not reduce productivity.", "Remote work reduced productivity."),
		0.5,
	);
	assert.equal(
		supportScore(
			"Remote work reduced productivity across offices.",
			"Remote work reduced productivity. Offices were not happy.",
		),
		1,
		"the negation is in the window sentence that shares fewer words",
	);
});

test("an opposite direction halves the score; a passage saying both ways does not", () => {
	assert.equal(
		supportScore("Office rents decreased in 2023.", "Office rents increased in 2023."),
		(5 / 6) * 0.5,
	);
	assert.equal(
		supportScore("Office rents increased in 2023.", "Office rents decreased in 2023."),
		(5 / 6) * 0.5,
	);
	assert.equal(supportScore("Prices rose in 2023.", "Prices rose then fell in 2023."), 1);
	assert.equal(supportScore("Prices fell in 2023.", "Prices rose then fell in 2023."), 1);
});

test("windows span up to three consecutive passage sentences, the last one included", () => {
	const passage = "Ann sang. Bob danced. Cy painted. Di wrote.";
	assert.equal(supportScore("Ann sang, Bob danced and Cy painted.", passage), 1);
	assert.equal(supportScore("Bob danced, Cy painted and Di wrote.", passage), 1);
	assert.equal(
		supportScore("Ann sang, Bob danced, Cy painted and Di wrote.", passage),
		0.75 * 0.75,
	);
	assert.equal(supportScore("Di wrote poems.", "Ann sang. Di wrote poems."), 1);
	assert.equal(supportScore("Di wrote poems.", ["Ann sang.", "Di wrote poems."]), 1);
	assert.equal(isSupported("Di wrote poems.", ["Ann sang."]), false);
	assert.equal(isSupported("Di wrote poems.", ["Ann sang."], 0), true);
});
