import assert from "node:assert/strict";
import { test } from "node:test";
import type { LanguageModelV4Prompt } from "@ai-sdk/provider";
import { QwenChatWrapper } from "node-llama-cpp";
import { convertPrompt, toolResultValue } from "./convert-prompt.ts";

test("system and user messages map one to one, ending with an empty model response", () => {
	const { history, warnings } = convertPrompt([
		{ role: "system", content: "You are terse." },
		{
			role: "user",
			content: [
				{ type: "text", text: "Summarise:" },
				{ type: "file", mediaType: "text/plain", data: { type: "text", text: "A long text." } },
			],
		},
	]);
	assert.deepEqual(history, [
		{ type: "system", text: "You are terse." },
		{ type: "user", text: "Summarise:\nA long text." },
		{ type: "model", response: [] },
	]);
	assert.deepEqual(warnings, []);
});

test("tool calls carry their results, and the turn after the results continues the same response", () => {
	const prompt: LanguageModelV4Prompt = [
		{ role: "user", content: [{ type: "text", text: "Weather in Paris and Rome?" }] },
		{
			role: "assistant",
			content: [
				{ type: "reasoning", text: "I should look it up." },
				{ type: "text", text: "Checking." },
				{ type: "tool-call", toolCallId: "c1", toolName: "weather", input: { city: "Paris" } },
				{ type: "tool-call", toolCallId: "c2", toolName: "weather", input: '{"city":"Rome"}' },
			],
		},
		{
			role: "tool",
			content: [
				{
					type: "tool-result",
					toolCallId: "c2",
					toolName: "weather",
					output: { type: "text", value: "sunny" },
				},
				{
					type: "tool-result",
					toolCallId: "c1",
					toolName: "weather",
					output: { type: "json", value: { celsius: 18 } },
				},
			],
		},
		{ role: "assistant", content: [{ type: "text", text: "Paris is 18" }] },
	];
	const { history } = convertPrompt(prompt);
	assert.deepEqual(history, [
		{ type: "user", text: "Weather in Paris and Rome?" },
		{
			type: "model",
			response: [
				{ type: "segment", segmentType: "thought", text: "I should look it up.", ended: true },
				"Checking.",
				{
					type: "functionCall",
					name: "weather",
					params: { city: "Paris" },
					result: { celsius: 18 },
					startsNewChunk: true,
				},
				{ type: "functionCall", name: "weather", params: { city: "Rome" }, result: "sunny" },
				"Paris is 18",
			],
		},
	]);
});

test("a prompt ending with tool results ends with the model response to continue", () => {
	const { history } = convertPrompt([
		{ role: "user", content: [{ type: "text", text: "Add 1 and 2." }] },
		{
			role: "assistant",
			content: [{ type: "tool-call", toolCallId: "a", toolName: "add", input: { a: 1, b: 2 } }],
		},
		{
			role: "tool",
			content: [
				{
					type: "tool-result",
					toolCallId: "a",
					toolName: "add",
					output: { type: "json", value: 3 },
				},
			],
		},
	]);
	assert.equal(history.length, 2);
	assert.deepEqual(history[1], {
		type: "model",
		response: [
			{
				type: "functionCall",
				name: "add",
				params: { a: 1, b: 2 },
				result: 3,
				startsNewChunk: true,
			},
		],
	});
});

test("a new user message starts a new turn", () => {
	const { history } = convertPrompt([
		{ role: "user", content: [{ type: "text", text: "Hi" }] },
		{ role: "assistant", content: [{ type: "text", text: "Hello" }] },
		{ role: "user", content: [{ type: "text", text: "Bye" }] },
	]);
	assert.deepEqual(
		history.map((item) => item.type),
		["user", "model", "user", "model"],
	);
});

test("images are left out with a warning", () => {
	const { history, warnings } = convertPrompt([
		{
			role: "user",
			content: [
				{ type: "text", text: "What is this?" },
				{ type: "file", mediaType: "image/png", data: { type: "data", data: new Uint8Array([1]) } },
			],
		},
	]);
	assert.deepEqual(history[0], { type: "user", text: "What is this?" });
	assert.equal(warnings.length, 1);
	assert.equal(warnings[0]?.type, "unsupported");
});

test("tool result outputs become values the model can read", () => {
	assert.equal(toolResultValue({ type: "text", value: "ok" }), "ok");
	assert.deepEqual(toolResultValue({ type: "json", value: [1, 2] }), [1, 2]);
	assert.deepEqual(toolResultValue({ type: "error-text", value: "boom" }), { error: "boom" });
	assert.deepEqual(toolResultValue({ type: "execution-denied", reason: "not allowed" }), {
		error: "The tool call was not run: not allowed",
	});
	assert.equal(
		toolResultValue({
			type: "content",
			value: [
				{ type: "text", text: "one" },
				{
					type: "file",
					mediaType: "image/png",
					data: { type: "url", url: new URL("https://x.test/a.png") },
				},
			],
		}),
		"one\n[file omitted]",
	);
});

/** Two rounds of a loop: search, then fetch what the search found. */
function twoRounds(): LanguageModelV4Prompt {
	const result = (toolCallId: string, toolName: string, value: string) => ({
		role: "tool" as const,
		content: [
			{
				type: "tool-result" as const,
				toolCallId,
				toolName,
				output: { type: "text" as const, value },
			},
		],
	});
	return [
		{ role: "user", content: [{ type: "text", text: "Research the topic." }] },
		{
			role: "assistant",
			content: [{ type: "tool-call", toolCallId: "s", toolName: "search", input: { q: "topic" } }],
		},
		result("s", "search", "SEARCH-RESULT-ONE"),
		{
			role: "assistant",
			content: [{ type: "tool-call", toolCallId: "f", toolName: "fetch", input: { url: "u" } }],
		},
		result("f", "fetch", "PAGE-TEXT-TWO"),
	];
}

/** The text the default model (Qwen2.5's template) is shown for a prompt. */
function renderForQwen(prompt: LanguageModelV4Prompt): string {
	const functions = {
		search: { description: "Search", params: { type: "object", properties: {} } },
		fetch: { description: "Fetch", params: { type: "object", properties: {} } },
	} as const;
	const { contextText } = new QwenChatWrapper().generateContextState({
		chatHistory: convertPrompt(prompt).history,
		availableFunctions: functions,
	});
	return contextText.toString();
}

test("tool rounds render in order as separate turns: each result before the next call", () => {
	const text = renderForQwen(twoRounds());
	const searchCall = text.indexOf('{"name": "search", "arguments"');
	const searchResult = text.indexOf("SEARCH-RESULT-ONE");
	const fetchCall = text.indexOf('{"name": "fetch", "arguments"');
	const fetchResult = text.indexOf("PAGE-TEXT-TWO");
	assert.ok(searchCall >= 0 && searchResult >= 0 && fetchCall >= 0 && fetchResult >= 0, text);
	assert.ok(searchCall < searchResult, "the search call comes before its result");
	assert.ok(searchResult < fetchCall, `the fetch call comes after the search result:\n${text}`);
	assert.ok(fetchCall < fetchResult, "the fetch call comes before its result");
	assert.equal(text.split('<tool_call>\n{"name": "').length - 1, 2, "two separate call blocks");
});

test("each round's prompt extends the previous one (append-only history)", () => {
	const rounds = twoRounds();
	const first = renderForQwen(rounds.slice(0, 3));
	const second = renderForQwen(rounds);
	// The first prompt ends with the open assistant turn the model continues; everything
	// up to the search result is shared, so its tokens are reused from the cache.
	const shared = first.slice(0, first.indexOf("SEARCH-RESULT-ONE") + "SEARCH-RESULT-ONE".length);
	assert.ok(second.startsWith(shared), `\n${first}\n---\n${second}`);
});
