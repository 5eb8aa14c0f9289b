import assert from "node:assert/strict";
import { test } from "node:test";
import { describeToolResult } from "./describe-tool-result.ts";

test("text parts as they are; other parts named; structured content when nothing else", () => {
	assert.equal(
		describeToolResult({
			content: [
				{ type: "text", text: "first" },
				{ type: "image", mimeType: "image/png", data: "AAAA" },
				{ type: "resource", resource: { uri: "file:///a.md", text: "inside" } },
				{ type: "resource", resource: { uri: "file:///b.bin" } },
				{ type: "resource_link", uri: "file:///c.md", name: "c" },
			],
		}),
		"first\n[image image/png, 3 bytes]\ninside\n[resource file:///b.bin]\n[link c file:///c.md]",
	);
	assert.equal(describeToolResult({ content: [], structuredContent: { sum: 5 } }), '{"sum":5}');
	assert.equal(describeToolResult({}), "");
});
