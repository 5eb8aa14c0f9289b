import assert from "node:assert/strict";
import { test } from "node:test";
import { contentWords, plainText, readWords, stem } from "./content-words.ts";

test("stem conflates inflected and derived forms", () => {
	const same = (words: string[]) =>
		assert.equal(new Set(words.map(stem)).size, 1, words.join(", "));
	same(["improve", "improved", "improving", "improvement", "improvements"]);
	same(["regulation", "regulations", "regulatory", "regulated"]);
	same(["model", "models", "modeling", "modelling"]);
	same(["study", "studies", "studied"]);
	same(["efficient", "efficiency", "efficiently"]);
	assert.notEqual(stem("model"), stem("mode"));
	assert.equal(stem("GPT"), "gpt");
	assert.equal(stem("h100"), "h100");
});

test("numbers are normalised: separators, percent signs, number words", () => {
	const texts = readWords("It grew 1,300 units, 40% and three times in 2024; 1.5B and 3.5.").map(
		(word) => word.text,
	);
	assert.deepEqual(texts, [
		"it",
		"grew",
		"1300",
		"units",
		"40",
		"and",
		"3",
		"times",
		"in",
		"2024",
		"1.5b",
		"and",
		"3.5",
	]);
});

test("names: capitalised inside a sentence, acronyms, mixed case; first words are initials", () => {
	const words = contentWords("Developers at OpenAI and Meta tested GPT-4 in the EU. Brazil won.");
	const kinds = Object.fromEntries(words.map((word) => [word.exact, word.kind]));
	assert.deepEqual(kinds, {
		developers: "initial",
		openai: "name",
		meta: "name",
		tested: "word",
		gpt: "name",
		"4": "number",
		eu: "name",
		brazil: "initial",
		won: "word",
	});
});

test("contractions read as negations; possessives and stop words are dropped", () => {
	assert.deepEqual(
		readWords("It isn't Google's model").map((word) => word.text),
		["it", "is", "not", "google", "model"],
	);
	assert.deepEqual(
		contentWords("It isn't the model").map((word) => word.exact),
		["model"],
	);
});

test("plainText drops citations, link targets, URLs and emphasis", () => {
	assert.equal(
		plainText("**Bold** claim [1] from [the paper](https://x.example) at https://y.example."),
		"Bold claim from the paper at  .",
	);
});

test("a sentence starts after an end mark, a paragraph break or a list marker, not a wrapped line", () => {
	const kindOf = (text: string, exact: string) =>
		contentWords(text).find((word) => word.exact === exact)?.kind;
	assert.equal(kindOf("Two labs: Google and Meta.", "google"), "name");
	assert.equal(kindOf("It grew.\nMeta said so.", "meta"), "initial");
	assert.equal(kindOf("Wrapped line\nGoogle said so", "google"), "name");
	assert.equal(kindOf("Text.\n\n- Google said", "google"), "initial");
	assert.equal(kindOf("- Google said", "google"), "initial");
});
