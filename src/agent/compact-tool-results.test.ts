import assert from "node:assert/strict";
import { test } from "node:test";
import type { LanguageModelV4Message } from "@ai-sdk/provider";
import { compactToolResults, referenceTo } from "./compact-tool-results.ts";

const page = (id: number) =>
	`Untrusted page.\n<source id="${id}" url="https://example.test/${id}">\n${"Words of the page. ".repeat(200)}\n</source>`;

function loop(rounds: number): LanguageModelV4Message[] {
	const messages: LanguageModelV4Message[] = [
		{ role: "user", content: [{ type: "text", text: "Research." }] },
	];
	for (let round = 1; round <= rounds; round++) {
		messages.push(
			{
				role: "assistant",
				content: [
					{
						type: "tool-call",
						toolCallId: `c${round}`,
						toolName: "fetch_page",
						input: { url: `u${round}` },
					},
				],
			},
			{
				role: "tool",
				content: [
					{
						type: "tool-result",
						toolCallId: `c${round}`,
						toolName: "fetch_page",
						output: { type: "text", value: page(round) },
					},
				],
			},
		);
	}
	return messages;
}

const size = (messages: LanguageModelV4Message[]) => JSON.stringify(messages).length;

test("the oldest results are compacted first, only until the conversation fits, the last never", () => {
	const messages = loop(4);
	const full = size(messages);
	const limit = full - 5000; // room for two results to go
	const compacted = compactToolResults(messages, (current) => size(current) <= limit);
	assert.equal(compacted, 2);
	assert.ok(size(messages) <= limit);
	const outputs = messages.flatMap((message) =>
		message.role === "tool"
			? message.content.map((part) =>
					part.type === "tool-result" && part.output.type === "text" ? part.output.value : "",
				)
			: [],
	);
	assert.match(outputs[0] ?? "", /^\[Earlier result of fetch_page, \d+ characters, left out/);
	assert.match(outputs[1] ?? "", /^\[Earlier result of fetch_page/);
	assert.equal(outputs[2], page(3));
	assert.equal(outputs[3], page(4));
});

test("when nothing fits, every result but the last is compacted, and compacting twice changes nothing", () => {
	const messages = loop(3);
	assert.equal(
		compactToolResults(messages, () => false),
		2,
	);
	const once = JSON.stringify(messages);
	assert.equal(
		compactToolResults(messages, () => false),
		0,
	);
	assert.equal(JSON.stringify(messages), once);
	assert.equal(
		compactToolResults(loop(3), () => true),
		0,
		"nothing to do when it fits",
	);
});

test("a reference keeps the source ids to cite and the first words", () => {
	const reference = referenceTo("fetch_page", { type: "text", value: page(7) });
	assert.match(reference, /Its sources stay citable: \[7\]\./);
	assert.match(reference, /It began: "Untrusted page\. Words of the page\./);
	assert.ok(reference.length < 400);
	const search = referenceTo("web_search", {
		type: "text",
		value: "1. Source [3]\n…\n2. Source [4]\n…",
	});
	assert.match(search, /\[3\], \[4\]/);
});
