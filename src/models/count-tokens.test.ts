import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { countTokens, promptText } from "./count-tokens.ts";

/** The definition the count follows: what this pattern matches, one token each. */
const byPattern = (text: string) => text.match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu)?.length ?? 0;

test("counts runs of letters, digits and _ and every other non-space character", () => {
	assert.equal(countTokens(""), 0);
	assert.equal(countTokens("   \n\t "), 0);
	assert.equal(countTokens("Hello, world!"), 4);
	assert.equal(countTokens("snake_case 42x"), 2);
	assert.equal(countTokens("a-b"), 3);
	assert.equal(countTokens("{}[]"), 4);
	assert.equal(countTokens("café naïve Ωmega"), 3, "letters beyond ASCII are word characters");
	assert.equal(countTokens("٣٤ 五六"), 2, "digits and letters of other scripts too");
	assert.equal(countTokens("a\u00a0b\u2028c"), 3, "Unicode spaces separate words");
	assert.equal(countTokens("ok 😀😀"), 3, "an emoji (two UTF-16 units) is one mark");
	assert.equal(countTokens("𝐀𝐁 x"), 2, "a letter outside the BMP is a word character");
	assert.equal(countTokens("—…"), 2);
	assert.equal(countTokens("\u007f\u0000"), 2, "control characters that are not spaces are marks");
});

test("the count equals the pattern's matches for any text", () => {
	const pieces = fc.constantFrom(
		"a",
		"Z",
		"_",
		"0",
		"9",
		" ",
		"\t",
		"\n",
		"\r",
		"\v",
		"\f",
		"\u00a0",
		"\u2003",
		"\ufeff",
		"é",
		"ß",
		"五",
		"٣",
		"😀",
		"𝐀",
		".",
		",",
		"-",
		"@",
		"`",
		"[",
		"{",
		"~",
		"/",
		":",
		"\u007f",
		"\ud800",
	);
	fc.assert(
		fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
			const text = parts.join("");
			assert.equal(countTokens(text), byPattern(text), JSON.stringify(text));
		}),
	);
	fc.assert(
		fc.property(fc.string({ unit: "grapheme", maxLength: 80 }), (text) => {
			assert.equal(countTokens(text), byPattern(text), JSON.stringify(text));
		}),
	);
	fc.assert(
		fc.property(fc.string({ unit: "binary", maxLength: 80 }), (text) => {
			assert.equal(countTokens(text), byPattern(text), JSON.stringify(text));
		}),
	);
});

test("promptText joins a prompt's text, tool calls and tool results in order", () => {
	const text = promptText([
		{ role: "system", content: "Be brief." },
		{ role: "user", content: [{ type: "text", text: "Add 2 and 3." }] },
		{
			role: "assistant",
			content: [{ type: "tool-call", toolCallId: "1", toolName: "add", input: { a: 2, b: 3 } }],
		},
		{
			role: "tool",
			content: [
				{
					type: "tool-result",
					toolCallId: "1",
					toolName: "add",
					output: { type: "json", value: 5 },
				},
			],
		},
	]);
	assert.equal(text, 'Be brief.\nAdd 2 and 3.\nadd\n{"a":2,"b":3}\nadd\n{"type":"json","value":5}');
});
