import assert from "node:assert/strict";
import { test } from "node:test";
import { htmlToMarkdown } from "./html-to-markdown.ts";

test("reads a short page that has no article; the URL stands in for a missing title", () => {
	const page = htmlToMarkdown(
		"<html><body><nav><a href='/'>Home</a></nav><div>Opening hours: 9 to 5.</div><footer>Footer text</footer></body></html>",
		{ url: "https://shop.example/hours" },
	);
	assert.equal(page.title, "https://shop.example/hours");
	assert.match(page.markdown, /Opening hours: 9 to 5\./);
	assert.doesNotMatch(page.markdown, /Footer text/);
	assert.equal(page.published, undefined);
});

test("takes the date from metadata and makes links absolute", () => {
	const paragraph = `<p>${"A sentence about the subject of this page, long enough to count. ".repeat(10)}<a href="../more">more</a></p>`;
	const page = htmlToMarkdown(
		`<html><head><title>T</title><meta name="citation_publication_date" content="2025/07/09"></head><body><article>${paragraph}${paragraph}</article></body></html>`,
		{ url: "https://journal.example/volume/1/paper" },
	);
	assert.equal(page.published, "2025-07-09");
	assert.match(page.markdown, /\[more\]\(https:\/\/journal\.example\/volume\/more\)/);
});
