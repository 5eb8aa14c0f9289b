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

test("stem: each derivational ending maps to one stem, and short stems keep their letters", () => {
	const stems = Object.fromEntries(
		[
			"organization",
			"organisation",
			"operational",
			"creation",
			"agreement",
			"payment",
			"darkness",
			"dependency",
			"tenancy",
			"dependence",
			"tolerance",
			"readable",
			"visible",
			"activity",
			"creative",
			"regulatory",
			"famous",
			"hopeful",
			"largest",
			"arrival",
			"quickly",
			"faster",
			"actor",
			"policies",
			"classes",
			"churches",
			"wishes",
			"boxes",
			"quizzes",
			"status",
			"analysis",
			"copied",
			"running",
			"planned",
			"need",
		].map((word) => [word, stem(word)]),
	);
	assert.deepEqual(stems, {
		organization: "organiz",
		organisation: "organiz",
		operational: "operat",
		creation: "creat",
		agreement: "agre",
		payment: "pay",
		darkness: "dark",
		dependency: "dependent",
		tenancy: "tenant",
		dependence: "dependent",
		tolerance: "tolerant",
		readable: "read",
		visible: "vis",
		activity: "activ",
		creative: "creat",
		regulatory: "regulat",
		famous: "fam",
		hopeful: "hop",
		largest: "larg",
		arrival: "arriv",
		quickly: "quick",
		faster: "fast",
		actor: "act",
		policies: "polici",
		classes: "clas",
		churches: "church",
		wishes: "wish",
		boxes: "box",
		quizzes: "quiz",
		status: "status",
		analysis: "analysis",
		copied: "copi",
		running: "run",
		planned: "plan",
		need: "need",
	});
});

test("stem: endings are removed only when enough of the word is left", () => {
	const same = (words: string[]) =>
		assert.equal(new Set(words.map(stem)).size, 1, `${words.join(", ")}: ${words.map(stem)}`);
	same(["tie", "ties"]);
	same(["make", "making"]);
	same(["fade", "faded"]);
	same(["pay", "payment", "payments"]);
	same(["toy", "toys"]);
	same(["age", "ages"]);
	same(["copy", "copies", "copied"]);
	same(["plan", "planned", "planning"]);
	assert.equal(stem("tied"), "tied");
	assert.equal(stem("sing"), "sing");
	assert.equal(stem("bed"), "bed");
	assert.equal(stem("Cement"), "cement");
	assert.equal(stem("2024s"), "2024s");
});

test("readWords marks numbers, names and sentence-initial words", () => {
	assert.deepEqual(readWords("The Three labs of OpenAI. LLMs grew in Paris; gpt4 too"), [
		{ text: "the", numeric: false, name: false, initial: false },
		{ text: "3", numeric: true, name: false, initial: false },
		{ text: "labs", numeric: false, name: false, initial: false },
		{ text: "of", numeric: false, name: false, initial: false },
		{ text: "openai", numeric: false, name: true, initial: false },
		{ text: "llms", numeric: false, name: true, initial: false },
		{ text: "grew", numeric: false, name: false, initial: false },
		{ text: "in", numeric: false, name: false, initial: false },
		{ text: "paris", numeric: false, name: true, initial: false },
		{ text: "gpt4", numeric: true, name: false, initial: false },
		{ text: "too", numeric: false, name: false, initial: false },
	]);
	assert.deepEqual(readWords("Paris won"), [
		{ text: "paris", numeric: false, name: false, initial: true },
		{ text: "won", numeric: false, name: false, initial: false },
	]);
});

test("numbers: decimal commas, thousands separators and percent signs", () => {
	assert.deepEqual(
		readWords("3,5 and 1,2345 and 12,000,000 and 40% and 7.25%").map((word) => word.text),
		["3.5", "and", "1.2345", "and", "12000000", "and", "40", "and", "7.25"],
	);
});

test("contentWords keeps numbers of one digit, drops units, negations and one-letter words", () => {
	assert.deepEqual(
		contentWords("Sales never rose 5 percent in x or Q3, not 40 percentage points"),
		[
			{ stem: "sal", exact: "sales", kind: "initial" },
			{ stem: "ros", exact: "rose", kind: "word" },
			{ stem: "5", exact: "5", kind: "number" },
			{ stem: "q3", exact: "q3", kind: "number" },
			{ stem: "40", exact: "40", kind: "number" },
			{ stem: "point", exact: "points", kind: "word" },
		],
	);
});

test("negated auxiliaries read as their positive form and 'not', whatever the apostrophe", () => {
	assert.deepEqual(
		readWords("It won’t grow, we can't say, it cannot fall, we shan't care, it didn't").map(
			(word) => word.text,
		),
		["it", "will", "not", "grow", "we", "can", "not", "say", "it", "can", "not", "fall"].concat([
			"we",
			"shall",
			"not",
			"care",
			"it",
			"did",
			"not",
		]),
	);
	assert.deepEqual(
		readWords("They're sure we've seen what you'll see, I'd say I'm Meta’s").map(
			(word) => word.text,
		),
		["they", "sure", "we", "seen", "what", "you", "see", "i", "say", "i", "meta"],
	);
});

test("plainText keeps list markers and comparisons, drops tags, images and headings", () => {
	assert.equal(plainText("* Google said\n* Meta said"), "* Google said\n* Meta said");
	assert.equal(
		plainText("*Bold* and _it_ and ~~gone~~ and `code`"),
		"Bold and it and gone and code",
	);
	assert.equal(plainText("3 * 4 is 12"), "3 * 4 is 12");
	assert.equal(plainText("**Bold**, __strong__ and a ** b"), "Bold, strong and a  b");
	assert.equal(plainText("a <B>bold</B> word"), "a  bold  word");
	assert.equal(plainText("if 3 < 5 and 7 > 2"), "if 3 < 5 and 7 > 2");
	assert.equal(plainText("a <span class=x>tag</span> here"), "a  tag  here");
	assert.equal(
		plainText("see ![a chart](chart.png) and <https://x.example/a>"),
		"see a chart and  ",
	);
	assert.equal(plainText("### Title\n  ## Sub\n#tag\n    # code"), "Title\nSub\n#tag\n    # code");
});

test("the words of every '*' list item start a sentence; comparisons keep their numbers", () => {
	const kinds = (text: string) => contentWords(text).map((word) => `${word.exact}:${word.kind}`);
	assert.deepEqual(kinds("Labs:\n\n* Google said\n* Meta said"), [
		"labs:initial",
		"google:initial",
		"said:word",
		"meta:initial",
		"said:word",
	]);
	assert.deepEqual(kinds("Costs fell when 3 < 5 and 7 > 2 held"), [
		"costs:initial",
		"fell:word",
		"3:number",
		"5:number",
		"7:number",
		"2:number",
		"held:word",
	]);
});

test("a word is first in the text after indentation, not after a long gap inside a sentence", () => {
	const kindOf = (text: string, exact: string) =>
		contentWords(text).find((word) => word.exact === exact)?.kind;
	assert.equal(kindOf(`${" ".repeat(12)}Google said`, "google"), "initial");
	assert.equal(kindOf(`Labs:${" ".repeat(12)}Google said`, "google"), "name");
	assert.equal(kindOf("1. Google said", "google"), "initial");
	assert.equal(kindOf("(Google said)", "google"), "initial");
	assert.equal(kindOf('It grew." Google said', "google"), "initial");
	assert.equal(kindOf("It grew…\n2) Google said", "google"), "initial");
	assert.equal(kindOf("It grew!\n\n“Google said", "google"), "initial");
});

test("negation words are not content words, and each one negates a claim", () => {
	const negations = "not no never without none neither nor nothing nobody cannot";
	assert.deepEqual(contentWords(negations), []);
	assert.deepEqual(
		readWords("Cannot").map((word) => word.text),
		["can", "not"],
	);
});

test("number words from two to a hundred read as digits", () => {
	assert.deepEqual(
		readWords(
			"two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred one",
		).map((word) => `${word.text}:${word.numeric}`),
		[
			"2:true",
			"3:true",
			"4:true",
			"5:true",
			"6:true",
			"7:true",
			"8:true",
			"9:true",
			"10:true",
			"11:true",
			"12:true",
			"20:true",
			"30:true",
			"40:true",
			"50:true",
			"100:true",
			"one:false",
		],
	);
});

test("a '+' list item starts a sentence too", () => {
	const kinds = contentWords("Labs:\n+ Google said").map((word) => `${word.exact}:${word.kind}`);
	assert.deepEqual(kinds, ["labs:initial", "google:initial", "said:word"]);
});

test("every end mark, with or without a closing quote or bracket, ends a sentence", () => {
	for (const ending of [".", "!", "?", "…", '."', ".'", ".”", ".’", ".)", ".]", '!")']) {
		const kind = contentWords(`Sales grew${ending} Google said`).find(
			(word) => word.exact === "google",
		)?.kind;
		assert.equal(kind, "initial", ending);
	}
	for (const opening of ['"', "“", "‘", "("]) {
		const kind = contentWords(`Sales grew. ${opening}Google said`).find(
			(word) => word.exact === "google",
		)?.kind;
		assert.equal(kind, "initial", opening);
	}
	assert.equal(contentWords("Sales grew, Google said").at(-2)?.kind, "name");
	assert.equal(contentWords("Sales grew: Google said").at(-2)?.kind, "name");
});

test("possessives go only at the end of a word, in any case; a percent sign only at the end", () => {
	assert.deepEqual(
		readWords("GOOGLE'S O'Malley O’Donnell the 90%ile").map((word) => word.text),
		["google", "o'malley", "o'donnell", "the", "90%ile"],
	);
});

test("a single capital letter first in a sentence is not an acronym, nor a model number", () => {
	assert.deepEqual(readWords("X rose on h100 and a1B"), [
		{ text: "x", numeric: false, name: false, initial: true },
		{ text: "rose", numeric: false, name: false, initial: false },
		{ text: "on", numeric: false, name: false, initial: false },
		{ text: "h100", numeric: true, name: false, initial: false },
		{ text: "and", numeric: false, name: false, initial: false },
		{ text: "a1b", numeric: true, name: false, initial: false },
	]);
});

test("a paragraph break starts a sentence even without an end mark", () => {
	assert.equal(contentWords("Intro\n\nGoogle said").at(1)?.kind, "initial");
	assert.equal(contentWords("Intro\nGoogle said").at(1)?.kind, "name");
});

test("stem: three-letter words are kept whole; one derivational ending is removed, not two", () => {
	assert.equal(stem("gas"), "gas");
	assert.equal(stem("Bus"), "bus");
	assert.equal(stem("formality"), "formal");
	assert.equal(stem("axes"), "ax");
	assert.equal(stem("sizes"), "siz");
});

test("words with several apostrophes stay one word; runs of commas in a number all read as points", () => {
	assert.deepEqual(
		readWords("rock'n'roll 1,2,3").map((word) => word.text),
		["rock'n'roll", "1.2.3"],
	);
});

test("an indented list item or a '1)' item first in the text starts a sentence", () => {
	const kindOf = (text: string) => contentWords(text).find((word) => word.exact === "google")?.kind;
	assert.equal(kindOf("Labs\n  - Google said"), "initial");
	assert.equal(kindOf("1) Google said"), "initial");
	assert.equal(kindOf("  - Google said"), "initial");
	assert.equal(kindOf("Labs -  Google said"), "name");
});
