import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MissingInputError } from "../errors.ts";
import { collectPlaceholders, fillPlaceholders } from "./placeholders.ts";

describe("collectPlaceholders", () => {
	test("lists each placeholder once, in order of first use", () => {
		assert.deepEqual(
			collectPlaceholders(
				"{topic} in {current_year}: more on {topic}, {_private} and {release-date}",
			),
			["topic", "current_year", "_private", "release-date"],
		);
	});

	test("ignores braces that do not hold a name", () => {
		assert.deepEqual(
			collectPlaceholders('Answer as {"a": 1}, not { topic }, {1st}, {}, {a.b} or {-x}'),
			[],
		);
	});

	test("finds the placeholder inside doubled braces (there is no escape syntax)", () => {
		assert.deepEqual(collectPlaceholders("{{topic}}"), ["topic"]);
	});
});

describe("fillPlaceholders", () => {
	test("replaces placeholders with the inputs as text", () => {
		assert.equal(
			fillPlaceholders(
				"{topic} as of {year}, final: {final}",
				{ topic: "AI LLMs", year: 2026, final: true },
				"goal",
			),
			"AI LLMs as of 2026, final: true",
		);
	});

	test("leaves JSON examples and unknown brace text alone", () => {
		const text = 'Reply with {"topic": "{topic}"} and { spaced }';
		assert.equal(
			fillPlaceholders(text, { topic: "x" }, "goal"),
			'Reply with {"topic": "x"} and { spaced }',
		);
	});

	test("does not fill placeholders that appear inside an input's value", () => {
		assert.equal(fillPlaceholders("{a}", { a: "{b}", b: "no" }, "goal"), "{b}");
	});

	test("does not treat inherited object properties as inputs", () => {
		assert.throws(() => fillPlaceholders("{constructor}", {}, "goal"), MissingInputError);
	});

	test("a missing input names the input and where it is used", () => {
		const where = "the description of task 'research_task' (tasks.yaml:2:3)";
		assert.throws(
			() => fillPlaceholders("Research {topic} in {current_year}", { topic: "AI" }, where),
			(error) => {
				assert.ok(error instanceof MissingInputError);
				assert.equal(error.input, "current_year");
				assert.match(
					error.message,
					/Missing input 'current_year', used in the description of task 'research_task' \(tasks\.yaml:2:3\)/,
				);
				return true;
			},
		);
	});
});
