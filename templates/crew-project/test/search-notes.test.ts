import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { createSearchNotesTool } from "../src/tools/search-notes.ts";

const folder = fileURLToPath(new URL("../notes", import.meta.url));
const context = { signal: new AbortController().signal, task: "test", agent: "test" };

test("search_notes returns matching paragraphs with their notes, best first", async () => {
	const tool = createSearchNotesTool({ folder, maxResults: 2 });
	const result = await tool.execute({ query: "billing migration window" }, context);
	const [best] = String(result).split("\n\n");
	assert.match(
		best ?? "",
		/^\[risks\.md\] Open question: does the billing migration need a maintenance window\?/,
	);
});

test("search_notes says so when nothing matches", async () => {
	const tool = createSearchNotesTool({ folder });
	assert.match(
		String(await tool.execute({ query: "kangaroo" }, context)),
		/No note mentions 'kangaroo'/,
	);
});

test("its arguments are checked against its schema", () => {
	const tool = createSearchNotesTool({ folder });
	assert.equal(tool.parameters.safeParse({ query: "" }).success, false);
});
