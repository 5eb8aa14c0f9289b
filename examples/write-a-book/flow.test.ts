import assert from "node:assert/strict";
import { test } from "node:test";
import { createScriptedModel } from "crewkit";
import flow from "./flow.ts";

test("the outline's chapters are written at once and joined in outline order", async () => {
	const outline = {
		chapters: [
			{ title: "Gravity's Grip", description: "why the moon pulls the sea" },
			{ title: "Two Bulges", description: "why there are two tides a day" },
			{ title: "Harnessing Tides", description: "tidal power plants" },
		],
	};
	// Chapter replies are slower for earlier chapters: they end in reverse order.
	const model = createScriptedModel({
		replies: [
			{ match: "Plan the chapters of the book 'The Moon's Pull'", text: JSON.stringify(outline) },
			{ match: "Write the chapter 'Gravity's Grip'", text: "The moon tugs.", delayMs: 60 },
			{
				match: "Write the chapter 'Two Bulges'",
				text: "Earth spins past two bulges.",
				delayMs: 30,
			},
			{ match: "Write the chapter 'Harnessing Tides'", text: "La Rance since 1966." },
		],
	});
	let running = 0;
	let mostAtOnce = 0;
	const result = await flow.kickoff({
		inputs: { topic: "tides", title: "The Moon's Pull", chapters: 3 },
		model,
		onEvent: (event) => {
			if (event.type === "task-start" && event.task === "write_chapter") {
				running += 1;
				mostAtOnce = Math.max(mostAtOnce, running);
			}
			if (event.type === "task-end" && event.task === "write_chapter") running -= 1;
		},
	});
	assert.equal(result.status, "completed");
	assert.equal(mostAtOnce, 3, "the chapters were written at the same time");
	assert.equal(
		result.status === "completed" && result.result,
		"# The Moon's Pull\n\n## 1. Gravity's Grip\n\nThe moon tugs.\n\n## 2. Two Bulges\n\nEarth spins past two bulges.\n\n## 3. Harnessing Tides\n\nLa Rance since 1966.\n",
	);
	const prompts = model.calls.map((call) => JSON.stringify(call.prompt));
	assert.ok(
		prompts.some((prompt) =>
			/Gravity's Grip[^"]*The other chapters: Two Bulges; Harnessing Tides/.test(prompt),
		),
		"each writer is told the other chapters",
	);
});
