import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { type Chunk, chunkText } from "./chunk-text.ts";

const markdown = (text: string) => ({ text, format: "markdown" as const });

test("chunks markdown by section, located by heading path", () => {
	const chunks = chunkText(
		markdown(
			[
				"Preamble line.",
				"",
				"# Guide",
				"",
				"Intro.",
				"",
				"## Setup",
				"",
				"Install it.",
				"",
				"### Windows",
				"",
				"Use WSL.",
				"",
				"## Usage",
				"",
				"Run it.",
			].join("\n"),
		),
	);
	assert.deepEqual(chunks, [
		{ text: "Preamble line.", location: "line 1" },
		{ text: "# Guide\n\nIntro.", location: "Guide" },
		{ text: "## Setup\n\nInstall it.", location: "Guide > Setup" },
		{ text: "### Windows\n\nUse WSL.", location: "Guide > Setup > Windows" },
		{ text: "## Usage\n\nRun it.", location: "Guide > Usage" },
	]);
});

test("an empty or blank file has no chunks", () => {
	assert.deepEqual(chunkText(markdown("")), []);
	assert.deepEqual(chunkText({ text: " \n\n\t\n", format: "text" }), []);
	assert.deepEqual(chunkText({ text: "", format: "pdf", pages: ["", " "] }), []);
});

test("headings only: an empty heading joins its first subsection", () => {
	const chunks = chunkText(markdown("# A\n## B\n## C\n### D\n# E"));
	assert.deepEqual(chunks, [
		{ text: "# A\n## B", location: "A > B" },
		{ text: "## C\n### D", location: "A > C > D" },
		{ text: "# E", location: "E" },
	]);
});

test("ignores # lines inside fenced code", () => {
	const chunks = chunkText(markdown("# Script\n\n```sh\n# not a heading\necho hi\n```\n"));
	assert.equal(chunks.length, 1);
	assert.equal(chunks[0]?.location, "Script");
});

test("skipped heading levels leave no gap in the path", () => {
	const chunks = chunkText(markdown("# Top\n\nx\n\n### Deep\n\ny"));
	assert.equal(chunks[1]?.location, "Top > Deep");
});

test("packs paragraphs up to the size and breaks between them", () => {
	const paragraphs = Array.from(
		{ length: 6 },
		(_, index) => `Paragraph ${index} ${"word ".repeat(12).trim()}.`,
	);
	const chunks = chunkText(
		{ text: paragraphs.join("\n\n"), format: "text" },
		{ size: 230, overlap: 0 },
	);
	assert.deepEqual(
		chunks.map((chunk) => chunk.text),
		[paragraphs.slice(0, 3).join("\n\n"), paragraphs.slice(3, 6).join("\n\n")],
	);
	assert.deepEqual(
		chunks.map((chunk) => chunk.location),
		["lines 1–5", "lines 7–11"],
	);
});

test("one giant paragraph splits at sentences, each chunk repeating the last sentence before it", () => {
	const sentences = Array.from(
		{ length: 60 },
		(_, index) => `Sentence number ${index} says something.`,
	);
	const chunks = chunkText(
		{ text: sentences.join(" "), format: "text" },
		{ size: 300, overlap: 60 },
	);
	assert.ok(chunks.length > 5);
	for (const chunk of chunks) {
		assert.ok(chunk.text.length <= 300, `${chunk.text.length} > 300`);
		assert.match(chunk.text, /^Sentence number \d+ .* something\.$/);
		assert.equal(chunk.location, "line 1");
	}
	for (const [index, chunk] of chunks.slice(1).entries()) {
		const previous = chunks[index] as Chunk;
		const firstSentence = chunk.text.slice(0, chunk.text.indexOf(".") + 1);
		assert.ok(
			previous.text.endsWith(firstSentence),
			"the chunk starts with the previous one's last sentence",
		);
	}
	const covered = new Set(chunks.flatMap((chunk) => chunk.text.match(/\d+/g) ?? []));
	assert.equal(covered.size, 60);
});

test("a paragraph without punctuation splits at words, a word without spaces is cut", () => {
	const words = chunkText(
		{ text: "lorem ".repeat(500), format: "text" },
		{ size: 100, overlap: 20 },
	);
	assert.ok(words.every((chunk) => chunk.text.length <= 100 && /^(lorem ?)+$/.test(chunk.text)));
	const giant = "x".repeat(2500);
	const cut = chunkText({ text: giant, format: "text" }, { size: 1000 });
	assert.deepEqual(
		cut.map((chunk) => chunk.text.length),
		[1000, 1000, 500],
	);
	assert.equal(cut.map((chunk) => chunk.text).join(""), giant);
});

test("never cuts a surrogate pair in half", () => {
	const emoji = "😀".repeat(100);
	const chunks = chunkText({ text: emoji, format: "text" }, { size: 25, overlap: 0 });
	assert.equal(chunks.map((chunk) => chunk.text).join(""), emoji);
	assert.ok(chunks.every((chunk) => !/[\uD800-\uDBFF]$/.test(chunk.text)));
});

test("locates PDF chunks by page", () => {
	const chunks = chunkText({ text: "", format: "pdf", pages: ["First page.", "", "Third page."] });
	assert.deepEqual(chunks, [
		{ text: "First page.", location: "p. 1" },
		{ text: "Third page.", location: "p. 3" },
	]);
});

test("HTML before its first heading has no location", () => {
	const chunks = chunkText({ text: "Lead paragraph.\n\n## Details\n\nMore.", format: "html" });
	assert.deepEqual(chunks, [
		{ text: "Lead paragraph." },
		{ text: "## Details\n\nMore.", location: "Details" },
	]);
});

/** Fetched web pages: located by headings only, no overlap (as `fetch_page` splits them). */
const page = (text: string, size = 800) =>
	chunkText({ text, format: "html" }, { size, overlap: 0 });

test("a page: a heading starts a passage located by its heading path", () => {
	const text =
		"Intro text.\n\n# Guide\n\nFirst.\n\n## Setup\n\nSecond.\n\n### Linux\nThird.\n\n## Use\n\nFourth.";
	assert.deepEqual(page(text), [
		{ text: "Intro text." },
		{ text: "# Guide\n\nFirst.", location: "Guide" },
		{ text: "## Setup\n\nSecond.", location: "Guide > Setup" },
		{ text: "### Linux\nThird.", location: "Guide > Setup > Linux" },
		{ text: "## Use\n\nFourth.", location: "Guide > Use" },
	]);
});

test("a page: paragraphs are packed up to the size", () => {
	const paragraph = "Word ".repeat(30).trim();
	const passages = page(Array(10).fill(paragraph).join("\n\n"), 400);
	assert.ok(passages.length >= 3 && passages.length <= 5, String(passages.length));
	assert.ok(passages.every((passage) => passage.text.length <= 400));
	assert.equal(
		passages.map((passage) => passage.text).join("\n\n"),
		Array(10).fill(paragraph).join("\n\n"),
	);
});

test("a page: a long paragraph is cut between sentences", () => {
	const sentence = "This sentence has exactly enough words to matter here. ";
	const passages = page(sentence.repeat(40).trim(), 300);
	assert.ok(passages.length > 5);
	for (const passage of passages) {
		assert.ok(passage.text.length <= 300);
		assert.match(passage.text, /^This sentence.*here\.$/s);
	}
});

test("code fences are not split at blank lines and hide heading-like lines", () => {
	const text = "## Code\n\n```sh\n# not a heading\n\necho hi\n```\n\nAfter.";
	assert.deepEqual(page(text), [{ text, location: "Code" }]);
	assert.deepEqual(
		page(
			"## Code\n\nBefore the code, a sentence.\n\n```sh\n# not a heading\n\necho hi\n```\n\nAfter.",
			40,
		),
		[
			{ text: "## Code\n\nBefore the code, a sentence.", location: "Code" },
			{ text: "```sh\n# not a heading\n\necho hi\n```", location: "Code" },
			{ text: "After.", location: "Code" },
		],
	);
});

test("rejects sizes it cannot honour", () => {
	assert.throws(() => chunkText(markdown("x"), { size: 5 }), RangeError);
	assert.throws(() => chunkText(markdown("x"), { size: 100, overlap: 60 }), RangeError);
});

test("property: chunks are deterministic, within the size, and keep every word", () => {
	const word = fc.stringMatching(/^[a-zé😀]{1,30}$/u);
	const separator = fc.constantFrom(" ", ". ", "\n", "\n\n", "\n# ", "\n## ", "? ");
	const text = fc
		.array(fc.tuple(word, separator), { maxLength: 300 })
		.map((parts) => parts.flat().join(""));
	fc.assert(
		fc.property(
			text,
			fc.constantFrom("markdown", "text", "html") as fc.Arbitrary<"markdown" | "text" | "html">,
			fc.integer({ min: 20, max: 400 }),
			(input, format, size) => {
				const options = { size, overlap: Math.floor(size / 4) };
				const chunks = chunkText({ text: input, format }, options);
				assert.deepEqual(chunkText({ text: input, format }, options), chunks);
				const all = chunks.map((chunk) => chunk.text).join(" ");
				for (const chunk of chunks) assert.ok(chunk.text.length > 0 && chunk.text.length <= size);
				for (const each of input.split(/[^a-zé😀]+/u).filter(Boolean)) {
					if (each.length <= size) assert.ok(all.includes(each), `lost '${each}'`);
				}
			},
		),
		{ numRuns: 300, seed: 42 },
	);
});
