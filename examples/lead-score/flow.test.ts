import assert from "node:assert/strict";
import { test } from "node:test";
import { answerRun, createScriptedModel, openRunStore, waitingQuestions } from "crewkit";
import flow from "./flow.ts";

const score = (value: number, reason: string) => JSON.stringify({ score: value, reason });

/** Scores before and after the reviewer's remark "Favour budget over seniority". */
function scriptedModel() {
	return createScriptedModel({
		replies: [
			{
				match:
					"Ada Byrne, CTO at Harbor Analytics (asked for a demo twice). The reviewer's remarks, if any: none",
				text: score(90, "senior, keen"),
			},
			{
				match:
					"Luis Ortega, Intern at Big Retail (downloaded a white paper). The reviewer's remarks, if any: none",
				text: score(10, "no authority"),
			},
			{
				match:
					"Mei Tan, Head of Data at Tidewater Energy (budget approved). The reviewer's remarks, if any: none",
				text: score(70, "has budget"),
			},
			{
				match:
					"Sam Okafor, Engineer at Quayside Labs (joined a webinar). The reviewer's remarks, if any: none",
				text: score(40, "some interest"),
			},
			{
				match:
					"Ada Byrne, CTO at Harbor Analytics (asked for a demo twice). The reviewer's remarks, if any: Favour",
				text: score(60, "no budget yet"),
			},
			{
				match:
					"Luis Ortega, Intern at Big Retail (downloaded a white paper). The reviewer's remarks, if any: Favour",
				text: score(5, "no budget"),
			},
			{
				match:
					"Mei Tan, Head of Data at Tidewater Energy (budget approved). The reviewer's remarks, if any: Favour",
				text: score(95, "budget approved"),
			},
			{
				match:
					"Sam Okafor, Engineer at Quayside Labs (joined a webinar). The reviewer's remarks, if any: Favour",
				text: score(30, "no budget"),
			},
			{ match: "first email to Mei Tan", text: "Hi Mei, …" },
			{ match: "first email to Ada Byrne", text: "Hi Ada, …" },
		],
	});
}

test("a person asks for a rescore with a remark, then proceeds: emails for the new top leads", async () => {
	const model = scriptedModel();
	const answers = ["rescore", "Favour budget over seniority", "proceed"];
	const asked: string[] = [];
	const result = await flow.kickoff({
		model,
		human: {
			answer: async (question) => {
				asked.push(question.prompt);
				return answers.shift();
			},
		},
	});
	assert.equal(result.status, "completed");
	assert.match(asked[0] ?? "", /Top leads: Ada Byrne \(90: senior, keen\); Mei Tan \(70/);
	assert.match(asked[2] ?? "", /Top leads: Mei Tan \(95: budget approved\); Ada Byrne \(60/);
	assert.deepEqual(
		result.state.emails.map((email) => email.name),
		["Mei Tan", "Ada Byrne"],
	);
	assert.equal(model.calls.length, 10);
});

test("without a person at hand the review waits in the store; the answer continues the run", async () => {
	const model = scriptedModel();
	const store = openRunStore(":memory:");
	const waiting = await flow.kickoff({ model, store });
	assert.equal(waiting.status, "waiting");
	assert.deepEqual(waitingQuestions(store, waiting.runId)[0]?.choices, [
		"proceed",
		"rescore",
		"stop",
	]);
	answerRun(store, waiting.runId, "stop");
	const stopped = await flow.resume(waiting.runId, { model, store });
	assert.equal(
		stopped.status === "completed" && stopped.result,
		"Stopped by the reviewer; no emails written.",
	);
	assert.equal(model.calls.length, 4, "the leads were scored once");
	store.close();
});
