import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { reportText } from "../../test/support/research-script.ts";
import { scriptedHelpers } from "../../test/support/task-run-helpers.ts";
import type { CrewSpec } from "../config/crew-spec.ts";
import { parseCrewYaml } from "../config/load-crew-yaml.ts";
import type { TaskOutput } from "../crew/task.ts";
import { ConfigError } from "../errors.ts";
import { createSourceRegistry } from "../sources/source-registry.ts";
import { defineTool } from "../tools/define-tool.ts";
import { loadZod } from "../zod/load-zod.ts";
import { createResearchCrew } from "./research-crew.ts";

const folder = new URL("../../crews/research/", import.meta.url);
const text = (name: string) => readFileSync(new URL(name, folder), "utf8");

/** crewkit's research crew YAML. */
function spec(): CrewSpec {
	return parseCrewYaml({
		agents: { path: "crews/research/agents.yaml", text: text("agents.yaml") },
		tasks: { path: "crews/research/tasks.yaml", text: text("tasks.yaml") },
	});
}

const searchTool = defineTool({
	name: "search_sources",
	description: "Search the local sources.",
	parameters: loadZod().object({}),
	execute: async () => "",
});

test("the research crew: a researcher with the source tools, an analyst without, three tasks in order", () => {
	const crew = createResearchCrew({
		spec: spec(),
		registry: createSourceRegistry(),
		tools: [searchTool],
	});
	assert.equal(crew.name, "research");
	assert.deepEqual(
		crew.agents.map((agent) => [
			agent.name,
			agent.tools.map((tool) => tool.name),
			agent.maxIterations,
		]),
		[
			["researcher", ["search_sources"], 8],
			["reporting_analyst", [], 8],
		],
	);
	assert.match(crew.agents[0]?.role ?? "", /^Researcher tracking \{topic\}/);
	assert.deepEqual(
		crew.tasks.map((task) => [task.name, task.agent.name, task.context?.map((from) => from.name)]),
		[
			["research_task", "researcher", undefined],
			["reporting_task", "reporting_analyst", ["research_task"]],
			["verification_task", "reporting_analyst", ["research_task", "reporting_task"]],
		],
	);
	assert.match(crew.tasks[0]?.description ?? "", /^Survey \{topic\} as it stands/);
	assert.match(crew.tasks[0]?.expectedOutput ?? "", /^A numbered list of exactly ten/);
	assert.equal(crew.tasks[2]?.guardrailRetries, 0);
});

test("a research crew YAML without one of its agents or tasks is a configuration error naming it", () => {
	const agentsOnly = (name: string) =>
		createResearchCrew({
			spec: { ...spec(), agents: spec().agents.filter((agent) => agent.name !== name) },
			registry: createSourceRegistry(),
			tools: [],
		});
	assert.throws(
		() => agentsOnly("reporting_analyst"),
		(error: unknown) =>
			error instanceof ConfigError &&
			error.message === "The research crew needs an agent 'reporting_analyst' in agents.yaml.",
	);
	assert.throws(() => agentsOnly("researcher"), /needs an agent 'researcher' in agents\.yaml/);
	assert.throws(
		() =>
			createResearchCrew({
				spec: {
					...spec(),
					tasks: spec().tasks.filter((task) => task.name !== "verification_task"),
				},
				registry: createSourceRegistry(),
				tools: [],
			}),
		(error: unknown) =>
			error instanceof ConfigError &&
			error.message === "The research crew needs a task 'verification_task' in tasks.yaml.",
	);
});

test("an agent's model and iteration limit in agents.yaml are kept", () => {
	const tuned = spec();
	const [researcher] = tuned.agents;
	assert.ok(researcher);
	const crew = createResearchCrew({
		spec: {
			...tuned,
			agents: [{ ...researcher, maxIterations: 3, model: "scripted:x" }, ...tuned.agents.slice(1)],
		},
		registry: createSourceRegistry(),
		tools: [],
	});
	assert.equal(crew.agents[0]?.maxIterations, 3);
	assert.deepEqual(crew.agents[0]?.model, "scripted:x");
	assert.equal(crew.agents[1]?.model, undefined);
});

test("by default the researcher outlines the sections asked for in small bounded calls; the agent strategy asks once with the task's description", async () => {
	const options = { spec: spec(), registry: createSourceRegistry(), tools: [] };
	const pipeline = scriptedHelpers();
	await createResearchCrew(options).tasks[0]?.run?.(pipeline.helpers);
	assert.match(pipeline.asked[0]?.description ?? "", /^Pick 10 of the developments/);
	const three = scriptedHelpers();
	await createResearchCrew({ ...options, sections: 3 }).tasks[0]?.run?.(three.helpers);
	assert.match(three.asked[0]?.description ?? "", /^Pick 3 of the developments/);

	const outline = { developments: [{ title: "One", summary: "Something happened.", sources: [] }] };
	const agent = scriptedHelpers({ answer: () => ({ text: "", value: outline }) });
	await createResearchCrew({ ...options, sections: 1, strategy: "agent" }).tasks[0]?.run?.(
		agent.helpers,
	);
	assert.equal(agent.asked.length, 1);
	assert.match(
		agent.asked[0]?.description ?? "",
		/^Find the developments of \{topic\}\.\n\nYou have no source tools/,
	);
});

test("the pipeline sizes the writing calls with the analyst's persona, before the run starts", async () => {
	const long = "Analyst who writes at length. ".repeat(120);
	const crew = createResearchCrew({
		spec: spec(),
		registry: createSourceRegistry(),
		tools: [],
	});
	const roomy = scriptedHelpers({ contextSize: 1024 });
	await crew.tasks[0]?.run?.(roomy.helpers);
	const wordy = spec();
	const analyst = wordy.agents[1];
	assert.ok(analyst);
	const heavy = createResearchCrew({
		spec: {
			...wordy,
			agents: [wordy.agents[0] as (typeof wordy.agents)[number], { ...analyst, backstory: long }],
		},
		registry: createSourceRegistry(),
		tools: [],
	});
	await assert.rejects(
		heavy.tasks[0]?.run?.(scriptedHelpers({ contextSize: 1024 }).helpers) ?? Promise.resolve(),
		/\(one section, checked before the run\)/,
	);
	const heavyResearcher = createResearchCrew({
		spec: { ...wordy, agents: [{ ...analyst, name: "researcher", backstory: long }, analyst] },
		registry: createSourceRegistry(),
		tools: [],
	});
	await heavyResearcher.tasks[0]?.run?.(scriptedHelpers({ contextSize: 1024 }).helpers);
	const bothHeavy = createResearchCrew({
		spec: {
			...wordy,
			agents: [
				{ ...analyst, name: "researcher", backstory: long },
				{ ...analyst, backstory: long },
			],
		},
		registry: createSourceRegistry(),
		tools: [],
	});
	// Only what the analyst's persona has beyond the researcher's counts: here nothing.
	await bothHeavy.tasks[0]?.run?.(scriptedHelpers({ contextSize: 1024 }).helpers);
});

test("the verified report must have as many sections as the outline has after review, else the configured count", async () => {
	const crew = createResearchCrew({ spec: spec(), registry: createSourceRegistry(), tools: [] });
	const [guardrail] = crew.tasks[2]?.guardrails ?? [];
	assert.equal(typeof guardrail, "function");
	const check = async (sections: number, value: unknown) =>
		(
			await (guardrail as (output: TaskOutput) => Promise<{ ok: boolean }> | { ok: boolean })({
				raw: reportText({ sections }),
				value,
			} as TaskOutput)
		).ok;
	assert.equal(await check(10, undefined), true);
	assert.equal(await check(3, undefined), false);
	assert.equal(await check(3, { sections: 3 }), true);
	assert.equal(await check(3, { sections: 0 }), false, "no sections is no count");
	assert.equal(await check(10, { sections: 0 }), true, "so the configured count holds");
	assert.equal(await check(3, { sections: "3" }), false);
});

test("the verification step lists local files relative to the workspace and knows which tools the researcher had", async () => {
	const fact = "Openweights models reached parity with closed models on Meridian in March.";
	const snapshot = {
		developments: [{ title: "Open weights", summary: fact, sources: [1] }],
		sources: [
			{
				id: 1,
				title: "Meridian",
				origin: { type: "file" as const, path: "/workspace/docs/meridian.md" },
				accessed: "2026-12-01",
			},
		],
		passages: [{ sourceId: 1, text: fact }],
	};
	const draft = (body: string) => ({
		title: "AI LLMs",
		introduction: "What changed this year.",
		sections: [{ title: "Open weights", body }],
		conclusion: "Models got better.",
		grounded: true,
	});
	const verify = async (body: string, workspace?: string, read = snapshot) => {
		const crew = createResearchCrew({
			spec: spec(),
			registry: createSourceRegistry(),
			tools: [searchTool],
			...(workspace ? { workspace } : {}),
		});
		const run = scriptedHelpers({
			context: [read, { ...draft(body), grounded: read.passages.length > 0 }],
		});
		const result = await crew.tasks[2]?.run?.(run.helpers);
		return typeof result === "string" ? result : (result?.text ?? "");
	};
	assert.match(
		await verify(`${fact} [1]`, "/workspace"),
		/\n1\. Meridian — docs\/meridian\.md — accessed/,
	);
	assert.match(
		await verify(`${fact} [1]`),
		/\n1\. Meridian — \/workspace\/docs\/meridian\.md — accessed/,
	);
	assert.match(
		await verify("From memory.", undefined, { ...snapshot, passages: [] }),
		/--sources was given, but no passage in it matched the topic/,
	);
});
