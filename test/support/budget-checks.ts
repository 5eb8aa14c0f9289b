import assert from "node:assert/strict";
import { openRunStore } from "../../src/store/sqlite-store.ts";

/**
 * Asserts from the run store that every model call of `runId` was sized for a window and
 * fit it: prompt tokens plus the output reserved never exceed the context, and no answer
 * ran past its reservation. Returns the calls, for further checks.
 */
export function assertCallsFitTheirWindow(storePath: string, runId: string, contextSize: number) {
	const store = openRunStore(storePath);
	try {
		const calls = store.modelCalls(runId);
		assert.ok(calls.length > 0, "the run made model calls");
		for (const call of calls) {
			const where = `call #${call.id} (${call.task}, ${call.agent})`;
			assert.ok(call.window, `${where} records the window it was sized for`);
			assert.equal(call.window.contextSize, contextSize, where);
			assert.ok(
				call.usage.inputTokens + call.window.reservedOutputTokens <= call.window.contextSize,
				`${where}: ${call.usage.inputTokens} prompt + ${call.window.reservedOutputTokens} reserved > ${call.window.contextSize}`,
			);
			assert.ok(
				call.usage.outputTokens <= call.window.reservedOutputTokens,
				`${where}: output past its cap`,
			);
		}
		return calls;
	} finally {
		store.close();
	}
}
