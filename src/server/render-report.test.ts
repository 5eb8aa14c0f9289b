import assert from "node:assert/strict";
import { test } from "node:test";
import { renderReport } from "./render-report.ts";

const report = `# Title

Intro with a claim [1] and two more [2, 3]. A link [docs](https://example.com/docs) and [2024].

<script>alert(1)</script>
<img src="x" onerror="alert(2)">
<a href="javascript:alert(3)" onclick="alert(4)">click</a>
<a href="/api/runs">relative</a>
<p style="color:red" id="source-1">styled</p>

A [markdown link](javascript:alert(5)) and [another](JaVaScRiPt&#58;alert(7)).

## Sources

1. Example docs — https://example.com/docs — accessed 2026-01-02
2. Notes — notes/guide.md:lines 3–5
3. Trap — javascript:alert(6)
`;

test("citations become anchors to the sources panel; links and years stay as they are", () => {
	const { html, title } = renderReport(report);
	assert.equal(title, "Title");
	assert.match(html, /claim \[<a class="citation" href="#source-1">1<\/a>\]/);
	assert.match(
		html,
		/\[<a class="citation" href="#source-2">2<\/a>, <a class="citation" href="#source-3">3<\/a>\]/,
	);
	assert.match(
		html,
		/<a href="https:\/\/example.com\/docs" rel="noopener noreferrer nofollow" target="_blank">docs<\/a>/,
	);
	assert.match(html, /and \[2024\]/);
});

test("scripts, event handlers, javascript: and relative links, styles and ids are removed", () => {
	const { html } = renderReport(report);
	const removed = [
		"<script",
		"alert(1)",
		"onerror",
		"onclick",
		"<img",
		"style=",
		"id=",
		'"/api/runs"',
	];
	for (const bad of removed) assert.ok(!html.includes(bad), `${bad} survived: ${html}`);
	assert.doesNotMatch(html, /href="[^"#h]/i, "only http(s) and #anchor links are kept");
	assert.match(html, /<a>click<\/a>/);
	assert.match(html, /A <a>markdown link<\/a> and <a>another<\/a>/);
});

test("the sources list is parsed; only web addresses get a url", () => {
	const { sources } = renderReport(report);
	assert.deepEqual(
		sources.map((source) => [source.number, source.title, source.url]),
		[
			[1, "Example docs", "https://example.com/docs"],
			[2, "Notes", undefined],
			[3, "Trap", undefined],
		],
	);
	assert.equal(sources[0]?.accessed, "2026-01-02");
	assert.equal(sources[1]?.file?.path, "notes/guide.md");
});
