import assert from "node:assert/strict";
import { test } from "node:test";
import { extractEntities } from "./extract-entities.ts";

const names = (text: string, max?: number) =>
	extractEntities(text, max).map((entity) => entity.name);

test("finds multi-word names, acronyms and mixed-case words, with their sentence", () => {
	const entities = extractEntities(
		"Ada Lovelace wrote notes. Later, Lovelace met Babbage at the Bank of England in 1843. The NASA team and OpenAI met in Paris, France.",
	);
	assert.deepEqual(
		entities.map((entity) => entity.name),
		["Ada Lovelace", "Lovelace", "Babbage", "Bank of England", "NASA", "OpenAI", "Paris", "France"],
	);
	assert.equal(
		entities.find((entity) => entity.name === "Babbage")?.sentence,
		"Later, Lovelace met Babbage at the Bank of England in 1843.",
	);
});

test("a capitalised first word counts only when it is a name elsewhere; stop words are dropped", () => {
	assert.deepEqual(names("Yesterday it rained. Later, it cleared. In 2024 nothing."), []);
	assert.deepEqual(names("Lutz grew. People moved to Lutz."), ["Lutz"]);
	assert.deepEqual(names("The Guardian reported it."), ["Guardian"]);
	assert.deepEqual(names("I think so."), []);
});

test("markdown marks and citations are ignored; most mentioned first, at most max", () => {
	assert.deepEqual(
		names("# Title\n\n- **Lutz** and Nebelsbad [2]. Then Nebelsbad again, and Nebelsbad.", 1),
		["Nebelsbad"],
	);
});
