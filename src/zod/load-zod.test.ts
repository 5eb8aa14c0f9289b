import assert from "node:assert/strict";
import { test } from "node:test";
import { loadZod, onFirstUse } from "./load-zod.ts";

test("loadZod gives the zod that import gives: one copy, shared with the user's schemas", async () => {
	const { z } = await import("zod");
	assert.equal(loadZod(), z);
	assert.equal(loadZod(), loadZod());
	const userSchema = z.object({ a: z.string().describe("the a") });
	assert.ok(userSchema instanceof loadZod().ZodObject);
	// The description lives in zod's registry: one copy means crewkit's JSON Schema has it.
	assert.deepEqual(loadZod().toJSONSchema(userSchema).properties, {
		a: { type: "string", description: "the a" },
	});
});

test("onFirstUse makes its value once, on the first call, and keeps it", () => {
	let made = 0;
	const value = onFirstUse(() => ({ made: ++made }));
	assert.equal(made, 0, "nothing is made before the first use");
	const first = value();
	assert.equal(made, 1);
	assert.equal(value(), first);
	assert.equal(made, 1);
	const nothing = onFirstUse(() => {
		made++;
		return undefined;
	});
	nothing();
	nothing();
	assert.equal(made, 2, "an undefined value is kept too");
});
