import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { recordTemplateCalls } from "./record-template-calls.ts";
import { templateRecording } from "./template-location.ts";

test("the template's calls.json is a recording of the template crew as it is now", async () => {
	const recorder = await recordTemplateCalls();
	const shipped = JSON.parse(await readFile(templateRecording, "utf8"));
	assert.deepEqual(
		JSON.parse(JSON.stringify(recorder.calls)),
		shipped.calls,
		"The template crew or crewkit's prompts changed: record again with `node src/scaffold/record-template-calls.ts`.",
	);
});
