import assert from "node:assert/strict";
import { test } from "node:test";
import { parseFileTarget, parseSourceList } from "./parse-source-list.ts";

test("crewkit's own format: title — URL or path:location — accessed date", () => {
	const sources = parseSourceList(
		[
			"1. The AI Act explained — https://example.org/ai-act — accessed 2026-11-20",
			"2. Setup guide — docs/guide.md:lines 3–12 — accessed 2026-11-21",
			"3. Annual report — reports/annual.pdf:p. 4 — accessed 2026-11-21",
			"4. Team notes — notes.md — accessed 2026-11-21",
		].join("\n"),
	);
	assert.deepEqual(sources, [
		{
			number: 1,
			title: "The AI Act explained",
			target: "https://example.org/ai-act",
			accessed: "2026-11-20",
		},
		{
			number: 2,
			title: "Setup guide",
			target: "docs/guide.md:lines 3–12",
			file: { path: "docs/guide.md", location: "lines 3–12" },
			accessed: "2026-11-21",
		},
		{
			number: 3,
			title: "Annual report",
			target: "reports/annual.pdf:p. 4",
			file: { path: "reports/annual.pdf", location: "p. 4" },
			accessed: "2026-11-21",
		},
		{
			number: 4,
			title: "Team notes",
			target: "notes.md",
			file: { path: "notes.md" },
			accessed: "2026-11-21",
		},
	]);
});

test("other common shapes", () => {
	const sources = parseSourceList(
		[
			"[1] Attention Is All You Need. https://arxiv.org/abs/1706.03762.",
			"2. [LoRA paper](https://arxiv.org/abs/2106.09685) (retrieved on 2024-05-01)",
			"- [3] *Mixtral of Experts* <https://mistral.ai/news/mixtral>",
			"4) Guide, docs/setup.md (lines 3-5)",
			"[^5]: A book without a link",
			"6. https://example.com/only-a-url",
		].join("\n"),
	);
	assert.deepEqual(
		sources.map(({ number, title, target }) => ({ number, title, target })),
		[
			{ number: 1, title: "Attention Is All You Need", target: "https://arxiv.org/abs/1706.03762" },
			{ number: 2, title: "LoRA paper", target: "https://arxiv.org/abs/2106.09685" },
			{ number: 3, title: "Mixtral of Experts", target: "https://mistral.ai/news/mixtral" },
			{ number: 4, title: "Guide", target: "docs/setup.md:lines 3-5" },
			{ number: 5, title: "A book without a link", target: undefined },
			{
				number: 6,
				title: "https://example.com/only-a-url",
				target: "https://example.com/only-a-url",
			},
		],
	);
	assert.equal(sources[1]?.accessed, "2024-05-01");
	assert.equal(sources[1]?.file, undefined);
});

test("a markdown link or a file: URL to a local file gives the file", () => {
	const sources = parseSourceList(
		"1. [Setup](docs/setup.md#install) — accessed 2026-11-20\n2. Notes — file:///srv/notes.txt",
	);
	assert.deepEqual(sources[0]?.file, { path: "docs/setup.md", location: "install" });
	assert.deepEqual(sources[1]?.file, { path: "/srv/notes.txt" });
});

test("continuation lines join their entry; unnumbered bullets are numbered in order", () => {
	const wrapped = parseSourceList(
		"1. A long title that\n   goes on — https://example.com\n\n2. Next",
	);
	assert.deepEqual(
		wrapped.map((source) => source.title),
		["A long title that goes on", "Next"],
	);
	const bullets = parseSourceList("- First — https://a.example\n- Second — https://b.example");
	assert.deepEqual(
		bullets.map((source) => [source.number, source.title]),
		[
			[1, "First"],
			[2, "Second"],
		],
	);
});

test("a title that merely contains a dot is not taken for a file", () => {
	const [source] = parseSourceList("1. Node.js release notes — https://nodejs.org/en/blog");
	assert.equal(source?.title, "Node.js release notes");
	assert.equal(source?.file, undefined);
});

test("parseFileTarget reads the location forms", () => {
	assert.deepEqual(parseFileTarget("docs/a.md:lines 3–12"), {
		path: "docs/a.md",
		location: "lines 3–12",
	});
	assert.deepEqual(parseFileTarget("file:docs/a.md#Setup"), {
		path: "docs/a.md",
		location: "Setup",
	});
	assert.deepEqual(parseFileTarget("a.pdf (p. 4)"), { path: "a.pdf", location: "p. 4" });
	assert.deepEqual(parseFileTarget("notes.txt"), { path: "notes.txt" });
	assert.equal(parseFileTarget("https://example.com/a.md"), undefined);
	assert.equal(parseFileTarget("A title"), undefined);
});

test("a path ending a sentence, or inside brackets, leaves its punctuation out", () => {
	const sources = parseSourceList(
		[
			"1. See docs/guide.md. It explains the setup.",
			"2. Guide (docs/guide.md, p. 4).",
			"3. Guide [notes/today.md]",
			"4. Guide (see docs/setup.md, lines 3-5)",
		].join("\n"),
	);
	assert.deepEqual(sources, [
		{ number: 1, title: "See", target: "docs/guide.md", file: { path: "docs/guide.md" } },
		{
			number: 2,
			title: "Guide",
			target: "docs/guide.md:p. 4",
			file: { path: "docs/guide.md", location: "p. 4" },
		},
		{ number: 3, title: "Guide", target: "notes/today.md", file: { path: "notes/today.md" } },
		{
			number: 4,
			title: "Guide (see",
			target: "docs/setup.md:lines 3-5",
			file: { path: "docs/setup.md", location: "lines 3-5" },
		},
	]);
	assert.deepEqual(parseFileTarget("docs/a.md."), { path: "docs/a.md" });
	assert.deepEqual(parseFileTarget("docs/a.md]"), { path: "docs/a.md" });
});

test("a location keeps brackets it opens itself", () => {
	assert.deepEqual(parseFileTarget("docs/a.md#Setup (draft)"), {
		path: "docs/a.md",
		location: "Setup (draft)",
	});
	assert.deepEqual(parseFileTarget("docs/a.md, table [3]"), {
		path: "docs/a.md",
		location: "table [3]",
	});
	assert.deepEqual(parseFileTarget("docs/a.md [p. 4]"), { path: "docs/a.md", location: "p. 4" });
	assert.deepEqual(parseFileTarget("docs/a.md:  lines 3-5"), {
		path: "docs/a.md",
		location: "lines 3-5",
	});
	assert.deepEqual(parseFileTarget("docs/a.md section 2"), {
		path: "docs/a.md",
		location: "section 2",
	});
});

test("bullets continue on the lines below them, as numbered entries do", () => {
	const sources = parseSourceList(
		"- First source\n  continued here — https://a.example\n  * Second\n+ Third",
	);
	assert.deepEqual(sources, [
		{ number: 1, title: "First source continued here", target: "https://a.example" },
		{ number: 2, title: "Second" },
		{ number: 3, title: "Third" },
	]);
});

test("a continuation line with a dash or a number in brackets does not start an entry", () => {
	const sources = parseSourceList(
		"1. A title that\n   goes on - with a dash\n   1.5 million and part (2) of it\n  \n   after a blank line",
	);
	assert.equal(sources.length, 1);
	assert.equal(sources[0]?.number, 1);
	assert.equal(sources[0]?.title, "A title that goes on");
	const joined = parseSourceList("1. First half\n   \n   second half");
	assert.equal(joined[0]?.title, "First half second half");
});

test("every way of numbering an entry, up to three digits", () => {
	const sources = parseSourceList(
		[
			"-   [12] Bracketed in a bullet",
			"(345) In parentheses",
			"  678: With a colon",
			"9) With a parenthesis",
			"[^10]: A footnote",
			"* [11]: Bullet and colon",
			"100.",
			"   On the next line — https://x.example",
			"1000. Four digits continue the entry",
		].join("\n"),
	);
	assert.deepEqual(
		sources.map(({ number, title }) => [number, title]),
		[
			[12, "Bracketed in a bullet"],
			[345, "In parentheses"],
			[678, "With a colon"],
			[9, "With a parenthesis"],
			[10, "A footnote"],
			[11, "Bullet and colon"],
			[100, "On the next line"],
		],
	);
	assert.equal(sources[6]?.target, "https://x.example");
});

test("an access date in its forms, removed from the entry wherever it stands", () => {
	const sources = parseSourceList(
		[
			"1. Title (accessed 2026-01-02) https://a.example",
			"2. Title — https://b.example — Retrieved  on 2025-12-31.",
			"3. Title, visited:2024-02-03; https://c.example",
			"4. Title — consulted on: 2023-04-05",
			"5. Title accessed 2024-5-6",
		].join("\n"),
	);
	assert.deepEqual(sources, [
		{ number: 1, title: "Title", target: "https://a.example", accessed: "2026-01-02" },
		{ number: 2, title: "Title", target: "https://b.example", accessed: "2025-12-31" },
		{ number: 3, title: "Title", target: "https://c.example", accessed: "2024-02-03" },
		{ number: 4, title: "Title", accessed: "2023-04-05" },
		{ number: 5, title: "Title accessed 2024-5-6" },
	]);
});

test("links: a tooltip, angle brackets, and link text that is the target itself", () => {
	const sources = parseSourceList(
		[
			'1. [Big data](https://a.example "A tooltip")',
			'2. [Big data](https://b.example  "Two spaces")',
			"3. [Guide](<https://c.example/guide>)",
			"4. [https://d.example](https://d.example) — The real title",
			"5. [docs/setup.md](docs/setup.md) — Setup guide",
			"6. [https://e.example](https://e.example)",
		].join("\n"),
	);
	assert.deepEqual(sources, [
		{ number: 1, title: "Big data", target: "https://a.example" },
		{ number: 2, title: "Big data", target: "https://b.example" },
		{ number: 3, title: "Guide", target: "https://c.example/guide" },
		{ number: 4, title: "The real title", target: "https://d.example" },
		{
			number: 5,
			title: "Setup guide",
			target: "docs/setup.md",
			file: { path: "docs/setup.md" },
		},
		{ number: 6, title: "https://e.example", target: "https://e.example" },
	]);
});

test("a bare URL: http too, trailing punctuation left out, the title before or after it", () => {
	const sources = parseSourceList(
		[
			"1. Plain site http://plain.example/page.;",
			"2. https://first.example/x — The title after",
			"3. Title — Publisher — https://pub.example",
			"4. Title - Publisher - https://dash.example",
			"5. Title | Publisher | https://bar.example",
		].join("\n"),
	);
	assert.deepEqual(
		sources.map(({ title, target }) => [title, target]),
		[
			["Plain site", "http://plain.example/page"],
			["The title after", "https://first.example/x"],
			["Title", "https://pub.example"],
			["Title", "https://dash.example"],
			["Title", "https://bar.example"],
		],
	);
});

test("files: any path with a slash, known extensions without one, the title after the path", () => {
	const sources = parseSourceList(
		[
			"1. Node.js release notes",
			"2. Read lib/app.js",
			"3. docs/a.md — The title after",
			"4. Windows notes — docs\\guide.txt",
			"5. Guide — docs/guide.md:lines 3–12 — Publisher",
			"6. Script — run.sh",
		].join("\n"),
	);
	assert.deepEqual(sources, [
		{ number: 1, title: "Node.js release notes" },
		{ number: 2, title: "Read", target: "lib/app.js", file: { path: "lib/app.js" } },
		{ number: 3, title: "The title after", target: "docs/a.md", file: { path: "docs/a.md" } },
		{
			number: 4,
			title: "Windows notes",
			target: "docs\\guide.txt",
			file: { path: "docs\\guide.txt" },
		},
		{
			number: 5,
			title: "Guide",
			target: "docs/guide.md:lines 3–12",
			file: { path: "docs/guide.md", location: "lines 3–12" },
		},
		{ number: 6, title: "Script" },
	]);
});

test("titles lose the emphasis, quotes and punctuation around them, not inside them", () => {
	const titles = parseSourceList(
		[
			"1. **Bold title** — https://a.example",
			'2. [ "Quoted title" ](https://b.example)',
			"3. Notes on *Rust* — https://c.example",
			"4. *Vol. 2* of the series — https://d.example",
			'5. He said "hi" — https://e.example',
			'6. "Big" data — https://f.example',
			"7. The authors' — https://g.example",
			"8. ;;; Title ;;; — https://h.example",
			"9. _Underlined_ — https://i.example",
			"10. ‘Curly’ — https://j.example",
		].join("\n"),
	).map((source) => source.title);
	assert.deepEqual(titles, [
		"Bold title",
		"Quoted title",
		"Notes on *Rust*",
		"*Vol. 2* of the series",
		'He said "hi"',
		'"Big" data',
		"The authors'",
		"Title",
		"Underlined",
		"Curly",
	]);
});

test("an entry with neither URL nor file has no target key", () => {
	assert.deepEqual(parseSourceList("[^5]: A book without a link"), [
		{ number: 5, title: "A book without a link" },
	]);
	assert.deepEqual(parseSourceList(""), []);
});
