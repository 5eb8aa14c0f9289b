import assert from "node:assert/strict";
import { test } from "node:test";
import { toFinishReason } from "./finish-reason.ts";

test("maps node-llama-cpp stop reasons to AI SDK finish reasons", () => {
	assert.deepEqual(toFinishReason({ stopReason: "eogToken" }, false), {
		unified: "stop",
		raw: "eogToken",
	});
	assert.equal(toFinishReason({ stopReason: "stopGenerationTrigger" }, false).unified, "stop");
	assert.equal(
		toFinishReason({ stopReason: "customStopTrigger", customStopTrigger: ["END"] }, false).unified,
		"stop",
	);
	assert.equal(toFinishReason({ stopReason: "maxTokens" }, false).unified, "length");
	assert.equal(toFinishReason({ stopReason: "functionCalls" }, true).unified, "tool-calls");
	assert.equal(toFinishReason({ stopReason: "abort" }, false).unified, "interrupted");
});
