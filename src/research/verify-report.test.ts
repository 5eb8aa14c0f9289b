import assert from "node:assert/strict";
import { test } from "node:test";
import { scriptedHelpers } from "../../test/support/task-run-helpers.ts";
import type { TaskOutput, TaskRunHelpers } from "../crew/task.ts";
import { countTokens } from "../models/count-tokens.ts";
import { EmptyResponseError } from "../models/retry-policy.ts";
import { checkReport } from "../report/check-report.ts";
import { defaultSupportThreshold, supportScore } from "../report/support-score.ts";
import type { ResearchSnapshot } from "./research-snapshot.ts";
import { runVerification } from "./verify-report.ts";
import type { ReportDraft } from "./write-report.ts";

const fact =
	"Openweights models reached parity with closed models on the Meridian benchmark in March.";

const snapshot: ResearchSnapshot = {
	developments: [],
	sources: [
		{
			id: 7,
			title: "Meridian results",
			origin: { type: "file", path: "/workspace/docs/meridian.md", location: "Results" },
			accessed: "2026-12-01",
		},
		{
			id: 8,
			title: "Read but offered to no section",
			origin: { type: "web", url: "https://example.org/other" },
			accessed: "2026-12-01",
		},
	],
	passages: [{ sourceId: 7, text: fact }],
};

/** A roomy window counted in words, as the scripted model counts. */
const window = {
	contextSize: 32_768,
	countTokens,
	countPrompt: () => 0,
	exact: false,
};

const supported = "Openweights models reached parity with closed models on Meridian in March [7].";
const invented = "It was trained on 900 billion tokens by Zeta Labs [7].";

function draftWith(bodies: string[], grounded = true): ReportDraft {
	return {
		title: "AI LLMs",
		introduction: "What changed this year.",
		sections: bodies.map((body, index) => ({ title: `Development ${index + 1}`, body })),
		conclusion: "Models got better.",
		grounded,
	};
}

/** Runs the verification task on a draft; `answers` are the agent's replies to revision requests, in turn. */
async function verify(draft: ReportDraft, answers: string[] = [], toolNames?: string[]) {
	const asked: string[] = [];
	const output = (value: unknown) => ({ value }) as TaskOutput;
	const helpers = {
		prompt: { description: "Verify the report.", expectedOutput: "The report." },
		// Other outputs in the context: no value, not a draft (sections without a title), not a snapshot.
		context: [
			output(undefined),
			output({ sections: [] }),
			output(snapshot),
			output("text"),
			output(draft),
		],
		inputs: {},
		signal: new AbortController().signal,
		revision: undefined,
		ask: async (prompt) => {
			asked.push(prompt.description);
			return { text: answers.shift() ?? "REMOVE", value: undefined };
		},
		window: async () => window,
		measure: async (prompt) =>
			window.countTokens(`${prompt.description}\n${prompt.expectedOutput}`),
		useTool: async () => {
			throw new Error("verification uses no tools");
		},
	} satisfies TaskRunHelpers;
	const result = await runVerification({
		workspace: "/workspace",
		...(toolNames ? { toolNames } : {}),
	})(helpers);
	return { ...result, asked };
}

test("a supported sentence stays, renumbered, and the report lists its source", async () => {
	const { text, value, asked } = await verify(draftWith([supported]));
	assert.deepEqual(asked, [], "nothing to revise");
	assert.ok(text.includes(supported.replace("[7]", "[1]")), text);
	assert.match(text, /## Sources\n\n1\. Meridian results — docs\/meridian\.md \(Results\)/);
	assert.deepEqual(value, {
		grounded: true,
		sources: 1,
		sections: 1,
		sectionsCited: 1,
		citedSentences: 1,
		supported: 1,
		revised: 0,
		removed: 0,
	});
	assert.ok(checkReport(text, { sections: 1 }).ok, text);
	assert.ok(text.includes("\n\n## Conclusion\n\nModels got better.\n\n## Sources"), text);
});

test("an unsupported sentence goes back to the agent, and its supported revision is what the report says", async () => {
	const revision = "Openweights models matched closed models on the Meridian benchmark [7].";
	const { text, value, asked } = await verify(draftWith([`${supported} ${invented}`]), [
		`"${revision}"`,
	]);
	assert.equal(asked.length, 1);
	assert.ok(asked[0]?.includes(invented), "the agent is shown the sentence to revise");
	assert.ok(asked[0]?.includes(fact), "and the passage it cites");
	assert.ok(text.includes(revision.replace("[7]", "[1]")), text);
	assert.ok(!text.includes("900 billion"), text);
	assert.equal(value.revised, 1);
	assert.equal(value.removed, 0);
	assert.equal(value.citedSentences, 2);
	assert.equal(value.supported, 2);
	assert.equal(value.grounded, true);
});

test("a sentence still unsupported after two revisions is removed, not kept", async () => {
	const stillWrong = "It was trained on 800 billion tokens by Zeta Labs [7].";
	const { text, value, asked } = await verify(draftWith([`${supported} ${invented}`]), [
		stillWrong,
		stillWrong,
		"never asked a third time",
	]);
	assert.equal(asked.length, 2, "two rounds of revision");
	assert.ok(asked[1]?.includes(stillWrong), "the second round revises the first revision");
	assert.ok(!text.includes("billion"), text);
	assert.ok(text.includes(supported.replace("[7]", "[1]")));
	assert.equal(value.removed, 1);
	assert.equal(value.revised, 0);
	assert.equal(value.citedSentences, 1);
	assert.equal(value.supported, 1);
	assert.equal(value.grounded, true, "what is left is all supported");
});

test("a sentence that shares most words with its passage but changes the benchmark's name is not supported", async () => {
	const swapped =
		"Openweights models reached parity with closed models on the Helix benchmark in March [7].";
	const { text, value, asked } = await verify(draftWith([`${supported} ${swapped}`]), ["REMOVE"]);
	assert.equal(asked.length, 1, "it is sent back for revision");
	assert.ok(!text.includes("Helix"), text);
	assert.equal(value.removed, 1);
});

test("a section whose every cited sentence is removed says so, and a section without citations makes the report ungrounded", async () => {
	const { text, value } = await verify(
		draftWith([invented, supported, "A sentence that cites nothing."]),
		["REMOVE"],
	);
	assert.match(
		text,
		/## 1\. Development 1\n\nThe gathered sources say nothing that supports a statement on this development\./,
	);
	assert.equal(value.sections, 3);
	assert.equal(value.sectionsCited, 1);
	assert.equal(value.removed, 1);
	assert.equal(value.grounded, false);
});

test("an ungrounded draft is not verified and carries the ungrounded notice", async () => {
	const { text, value, asked } = await verify(draftWith([invented], false));
	assert.deepEqual(asked, []);
	assert.match(text, /^# AI LLMs\n\n> Ungrounded report/);
	assert.equal(value.grounded, false);
	assert.equal(value.removed, 0);
});

test("without the report draft in its context the task fails with a clear error", async () => {
	const helpers = {
		prompt: { description: "Verify.", expectedOutput: "The report." },
		context: [{ value: snapshot } as TaskOutput],
		inputs: {},
		signal: new AbortController().signal,
		revision: undefined,
		ask: async () => ({ text: "", value: undefined }),
		window: async () => window,
		measure: async () => 0,
		useTool: async () => undefined,
	} satisfies TaskRunHelpers;
	await assert.rejects(runVerification({})(helpers), /report draft is missing/);
});

test("a sentence removed from the middle of a paragraph leaves single spaces, and an empty answer counts as REMOVE", async () => {
	const closing = "Openweights models reached parity in March on Meridian [7].";
	const { text, value, asked } = await verify(draftWith([`${supported} ${invented} ${closing}`]), [
		"  ",
	]);
	assert.equal(asked.length, 1, "an empty answer ends the revision");
	const section = text.slice(text.indexOf("## 1."), text.indexOf("## Conclusion"));
	assert.equal(
		section.trim(),
		`## 1. Development 1\n\n${supported.replace("[7]", "[1]")} ${closing.replace("[7]", "[1]")}`,
	);
	assert.equal(value.removed, 1);
});

test("a report that is not grounded says why, from the tools the researcher had and what verification did", async () => {
	for (const [tools, why] of [
		[undefined, /no network access and no --sources/],
		[["web_search"], /the web gave no passage on the topic/],
		[["fetch_page"], /the web gave no passage on the topic/],
		[["search_sources"], /--sources was given, but no passage in it matched/],
		[["fetch_page", "search_sources"], /neither the web nor --sources gave a passage/],
	] as const) {
		const { text, value } = await verify(draftWith([invented], false), [], tools && [...tools]);
		assert.match(value.reason ?? "", why, String(tools));
		assert.match(text.split("\n")[2] ?? "", why, "in the notice under the title");
	}
	const removed = await verify(draftWith([`${supported} ${invented}`]), ["REMOVE"]);
	assert.equal(removed.value.grounded, true, "what is left is supported");
	assert.equal(removed.value.reason, undefined);
	const uncited = await verify(draftWith([supported, "Nothing cited."]));
	assert.equal(uncited.value.grounded, false);
	assert.equal(uncited.value.reason, "1 of 2 sections cite no source");
});

test("a report not fully grounded says so under its title and lists the sources offered to its sections but not cited", async () => {
	const draft = draftWith(["Nothing cited here."]);
	draft.sections[0] = { title: "Development 1", body: "Nothing cited here.", offered: [7] };
	const { text, value } = await verify(draft);
	assert.equal(value.grounded, false);
	assert.equal(
		text.split("\n")[2],
		"> Not fully grounded: 1 of 1 sections cite no source. The sources below were read, but what follows is not checked against them.",
	);
	assert.ok(
		text.endsWith(
			"## Sources\n\nRead for this report but not cited in it:\n\n1. Meridian results — docs/meridian.md (Results) — accessed 2026-12-01\n",
		),
		text,
	);
});

test("a section left blank says that the sources support nothing on it", async () => {
	const { text } = await verify(draftWith(["   "], false));
	assert.match(
		text,
		/## 1\. Development 1\n\nThe gathered sources say nothing that supports a statement on this development\./,
	);
});

test("a revision request shows the cited passages by id; a revision keeps its inner quotation marks", async () => {
	const revision = 'Openweights models matched closed models on the "Meridian" benchmark [7].';
	const { text, asked } = await verify(draftWith([`${supported} ${invented}`]), [`"${revision}"`]);
	assert.ok(asked[0]?.includes(`<passage id="7">\n${fact}\n</passage>`), asked[0]);
	assert.ok(
		text.includes(`\n\n${supported.replace("[7]", "[1]")} ${revision.replace("[7]", "[1]")}\n\n`),
		text,
	);
});

/** A snapshot whose one source, id 7, has `passage` as its only passage. */
const snapshotWith = (passage: string): ResearchSnapshot => ({
	...snapshot,
	sources: snapshot.sources.slice(0, 1),
	passages: [{ sourceId: 7, text: passage }],
});

test("a sentence scoring exactly the support threshold is supported; one word more and it goes back to the agent", async () => {
	const passage = "The heavy harbour crane lifted grey steel beams onto barges near the old mill.";
	const atThreshold =
		"The heavy harbour crane lifted grey steel beams onto barges near the old mill, while tired workers quietly painted wooden fences beside muddy roads [7].";
	const below = atThreshold.replace("roads", "roads and lanes");
	assert.equal(supportScore(atThreshold, passage), defaultSupportThreshold, "11 of its 20 words");
	assert.ok(supportScore(below, passage) < defaultSupportThreshold);
	for (const [sentence, askedTimes] of [
		[atThreshold, 0],
		[below, 1],
	] as const) {
		const { helpers, asked } = scriptedHelpers({
			context: [snapshotWith(passage), draftWith([sentence])],
			answer: () => ({ text: "REMOVE" }),
		});
		const { value } = await runVerification({})(helpers);
		assert.equal(asked.length, askedTimes, sentence);
		assert.equal(value.supported, 1 - askedTimes, sentence);
	}
});

test("a revision request that cannot fit the model's window fails before asking, naming the task and the call", async () => {
	const { helpers, asked } = scriptedHelpers({
		contextSize: 80,
		context: [snapshot, draftWith([invented])],
	});
	await assert.rejects(
		runVerification({})(helpers),
		/^BudgetError: Task 'verification_task' \(revising a sentence\): the prompt needs at least \d+ tokens and the answer 20 more, but the model's context holds 80\./,
	);
	assert.deepEqual(asked, []);
});

test("in a small window a revision request shows the start of a long passage, cut short, within the budget", async () => {
	const long = Array.from(
		{ length: 60 },
		(_, index) => `Benchmark run ${index + 1} finished on the Meridian cluster.`,
	).join(" ");
	const { helpers, asked, window } = scriptedHelpers({
		contextSize: 200,
		context: [snapshotWith(long), draftWith([invented])],
		answer: () => ({ text: "REMOVE" }),
	});
	await runVerification({})(helpers);
	const prompt = asked[0];
	assert.ok(prompt);
	const shown = /<passage id="7">\n(.*)\n<\/passage>/.exec(prompt.description)?.[1] ?? "";
	assert.ok(
		shown.startsWith("Benchmark run 1 finished on the Meridian cluster. Benchmark run 2 "),
		shown,
	);
	assert.ok(shown.endsWith("…") && shown.length < long.length, shown);
	// 200 tokens less the answer's 50 (a quarter of the window).
	assert.equal(prompt.maxOutputTokens, 50);
	assert.ok(window.countTokens(`${prompt.description}\n${prompt.expectedOutput}`) <= 150);
});

test("a revision request answered with nothing at all ends the revision: the sentence is removed after one request", async () => {
	const { helpers, asked } = scriptedHelpers({
		context: [snapshot, draftWith([`${supported} ${invented}`])],
		answer: () => {
			throw new EmptyResponseError("The model answered with nothing.");
		},
	});
	const { text, value } = await runVerification({})(helpers);
	assert.equal(asked.length, 1);
	assert.equal(value.removed, 1);
	assert.ok(!text.includes("900 billion"), text);
});

test("only an answer that starts with REMOVE removes the sentence; one that mentions it later is a revision, checked again", async () => {
	const { value, asked } = await verify(draftWith([invented]), [
		"Zeta Labs asked to REMOVE the tokens [7].",
		"REMOVE",
	]);
	assert.equal(asked.length, 2, "the first answer was checked as a revision and sent back");
	assert.ok(asked[1]?.includes('"Zeta Labs asked to REMOVE the tokens [7]."'), asked[1]);
	assert.equal(value.removed, 1);
});

test("a sentence citing one source twice shows its passage once", async () => {
	const { asked } = await verify(draftWith([invented.replace("[7]", "[7][7, 7]")]));
	assert.equal(asked[0]?.split(`<passage id="7">`).length, 2, asked[0]);
});
