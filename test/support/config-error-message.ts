import assert from "node:assert/strict";
import { ConfigError } from "../../src/errors.ts";

/**
 * The message of the ConfigError that `run` throws (it starts with the place:
 * "crew/agents.yaml:5:3: …"); fails the test when `run` throws anything else or nothing.
 */
export function configErrorMessage(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		assert.ok(error instanceof ConfigError, String(error));
		return error.message;
	}
	assert.fail("expected a ConfigError");
}
