import assert from "node:assert/strict";
import { test } from "node:test";
import { createScriptedModel, openRunStore } from "crewkit";
import flow from "./flow.ts";

const verdict = (valid: boolean, feedback: string) => JSON.stringify({ valid, feedback });

test("the writer retries with the editor's feedback until the post is accepted", async () => {
	const model = createScriptedModel({
		replies: [
			{ match: "act on it if any): none yet", text: "Tidal power is great #energy" },
			{
				match: "Check this post: Tidal power is great",
				text: verdict(false, "No hashtags; add a fact."),
			},
			{
				match: "act on it if any): No hashtags; add a fact.",
				text: "La Rance has turned tides into power since 1966.",
			},
			{ match: "Check this post: La Rance", text: verdict(true, "Good.") },
		],
	});
	const store = openRunStore(":memory:");
	const result = await flow.kickoff({ inputs: { topic: "tidal power" }, model, store });
	assert.equal(result.status, "completed");
	assert.equal(
		result.status === "completed" && result.result,
		"La Rance has turned tides into power since 1966.",
	);
	assert.equal(result.state.attempts, 2);
	assert.equal(model.calls.length, 4);
	const labels = store
		.events(result.runId)
		.flatMap(({ event }) => (event.type === "step-end" && event.label ? [event.label] : []));
	assert.deepEqual(labels, ["retry", "accepted"]);
	store.close();
});

test("after three rejected attempts the flow gives up instead of looping", async () => {
	const model = createScriptedModel({
		replies: ({ index }) => (index % 2 === 0 ? "A post #tag" : verdict(false, "Drop the hashtag.")),
	});
	const result = await flow.kickoff({ inputs: { topic: "tides" }, model });
	assert.equal(result.status, "completed");
	assert.equal(result.state.attempts, 3);
	assert.match(
		String(result.status === "completed" && result.result),
		/No acceptable post after 3 attempts/,
	);
	assert.equal(model.calls.length, 6);
});
