import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../errors.ts";
import { openRunStore } from "./sqlite-store.ts";
import { storedRun } from "./stored-run.ts";

test("a stored run is returned; a missing one is a ConfigError saying how to list runs", () => {
	const store = openRunStore(":memory:");
	store.createRun({ id: "run_1", crew: "c", inputs: {}, definition: null });
	assert.equal(storedRun(store, "run_1").id, "run_1");
	assert.throws(
		() => storedRun(store, "run_2"),
		(error) =>
			error instanceof ConfigError &&
			error.message === "There is no run 'run_2' in the store. List runs with: crewkit runs",
	);
	store.close();
});
