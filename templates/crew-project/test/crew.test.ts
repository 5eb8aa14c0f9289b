import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadReplayModel } from "crewkit";
import { createCrew } from "../crew.ts";

// calls.json holds recorded model calls: each prompt the crew sends gets the answer that was
// recorded for it, so the test is fast, free and deterministic. After changing the crew,
// record new ones with: npm run record -- "the Nimbus launch"
const recording = fileURLToPath(new URL("calls.json", import.meta.url));

test("the crew searches the notes and writes a briefing (replayed model calls)", async () => {
	const crew = await createCrew();
	const result = await crew.kickoff({
		inputs: { topic: "the Nimbus launch" },
		model: await loadReplayModel(recording),
	});
	const [findings, briefing] = result.tasks;
	assert.ok(findings && briefing);
	assert.equal(findings.calls.length, 3, "two searches, then the answer");
	assert.match(findings.raw, /14 April.*\[launch-plan\.md\]/);
	assert.match(briefing.raw, /^# Briefing: the Nimbus launch\n/);
	assert.match(briefing.raw, /## Open questions/);
	assert.ok(result.usage.total.totalTokens > 0);
});
