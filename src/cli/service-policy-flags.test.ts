import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../errors.ts";
import { servicePolicyFromFlags } from "./service-policy-flags.ts";

test("--allow-crew-variable lists the variables crew folders may read, once each", () => {
	assert.deepEqual(
		servicePolicyFromFlags({
			"allow-model": ["openai:*"],
			"allow-crew-mcp": true,
			"allow-crew-variable": ["GITHUB_TOKEN", "SEARCH_KEY", "GITHUB_TOKEN"],
		}),
		{
			models: ["openai:*"],
			allowCrewMcp: true,
			allowCrewVariables: ["GITHUB_TOKEN", "SEARCH_KEY"],
		},
	);
	assert.deepEqual(servicePolicyFromFlags({}), {
		models: [],
		allowCrewMcp: false,
		allowCrewVariables: [],
	});
});

test("a variable without --allow-crew-mcp, or a malformed name, is a clear error", () => {
	assert.throws(
		() => servicePolicyFromFlags({ "allow-crew-variable": ["GITHUB_TOKEN"] }),
		(error) =>
			error instanceof ConfigError &&
			/--allow-crew-variable GITHUB_TOKEN has no effect without --allow-crew-mcp/.test(
				error.message,
			),
	);
	assert.throws(
		() => servicePolicyFromFlags({ "allow-crew-mcp": true, "allow-crew-variable": ["$TOKEN"] }),
		/takes the name of an environment variable \(letters, digits, _\), got '\$TOKEN'/,
	);
});
