import assert from "node:assert/strict";
import { test } from "node:test";
import { expandVariables } from "./expand-variables.ts";

test("replaces dollar-brace names by the environment's variables, and keeps escaped ones as text", () => {
	assert.deepEqual(
		expandVariables(
			// biome-ignore lint/suspicious/noTemplateCurlyInString: the syntax under test.
			{ Authorization: "Bearer ${TOKEN}", literal: "$${TOKEN}", plain: "x" },
			{ TOKEN: "abc" },
			"MCP server 'github' header",
		),
		// biome-ignore lint/suspicious/noTemplateCurlyInString: the syntax under test.
		{ Authorization: "Bearer abc", literal: "${TOKEN}", plain: "x" },
	);
});

test("a variable that is not set is a ConfigError naming it", () => {
	assert.throws(
		// biome-ignore lint/suspicious/noTemplateCurlyInString: the syntax under test.
		() => expandVariables({ GITHUB_TOKEN: "${GH_TOKEN}" }, {}, "MCP server 'github' env"),
		/MCP server 'github' env GITHUB_TOKEN refers to \$\{GH_TOKEN\}, which is not set in the environment\. Set GH_TOKEN/,
	);
});
