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
