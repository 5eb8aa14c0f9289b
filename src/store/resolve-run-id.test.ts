import assert from "node:assert/strict";
import { test } from "node:test";
import { emptyUsage } from "../usage.ts";
import { resolveRunId } from "./resolve-run-id.ts";
import { openRunStore } from "./sqlite-store.ts";

function storeWith(ids: string[]) {
	const store = openRunStore(":memory:");
	for (const id of ids) {
		store.createRun({ id, crew: "c", inputs: {}, definition: null });
		store.record({
			type: "run-end",
			runId: id,
			status: "completed",
			usage: emptyUsage(),
			durationMs: 1,
		});
	}
	return store;
}

test("latest, a whole id, a unique prefix with or without run_, and clear errors otherwise", () => {
	const store = storeWith(["run_aaa1_x", "run_aab2_y", "run_b_z"]);
	assert.equal(resolveRunId(store, "run_aab2_y"), "run_aab2_y");
	assert.equal(resolveRunId(store, "run_b"), "run_b_z");
	assert.equal(resolveRunId(store, "aab"), "run_aab2_y");
	assert.equal(resolveRunId(store, "latest"), store.listRuns({ limit: 1 })[0]?.id);
	assert.throws(
		() => resolveRunId(store, "aa"),
		/more than one run id \(run_a.*, run_a.*\); type more/,
	);
	assert.throws(() => resolveRunId(store, "run_"), /more than one run id/);
	assert.throws(() => resolveRunId(store, "zzz"), /There is no run 'zzz'.*crewkit runs/);
	assert.throws(() => resolveRunId(store, "a%"), /There is no run/, "no SQL wildcards");
	assert.throws(() => resolveRunId(storeWith([]), "latest"), /no runs in the store yet/);
	store.close();
});
