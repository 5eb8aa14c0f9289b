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

test("`last` is `latest`; a whole id wins over the longer ids it starts", () => {
	const store = storeWith(["run_a", "run_ab", "run_abc"]);
	assert.equal(resolveRunId(store, "last"), resolveRunId(store, "latest"));
	assert.equal(resolveRunId(store, "run_a"), "run_a");
	assert.equal(resolveRunId(store, "run_ab"), "run_ab");
	store.close();
});

test("a reference that starts with run_ is not prefixed again", () => {
	const store = storeWith(["run_1abc", "run_run_1x"]);
	assert.equal(resolveRunId(store, "run_1"), "run_1abc");
	store.close();
});

test("an ambiguous reference names at most five of the runs it matches, then an ellipsis", () => {
	const five = storeWith(["run_p1", "run_p2", "run_p3", "run_p4", "run_p5"]);
	assert.throws(
		() => resolveRunId(five, "p"),
		(error: Error) =>
			/^'p' is the start of more than one run id \((run_p\d, ){4}run_p\d\); type more of it\.$/.test(
				error.message,
			),
	);
	five.close();
	const six = storeWith(["run_p1", "run_p2", "run_p3", "run_p4", "run_p5", "run_p6"]);
	assert.throws(
		() => resolveRunId(six, "p"),
		(error: Error) =>
			/^'p' is the start of more than one run id \((run_p\d, ){4}run_p\d, …\); type more of it\.$/.test(
				error.message,
			),
	);
	six.close();
});
