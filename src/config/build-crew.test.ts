import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { ConfigError } from "../errors.ts";
import { defineTool } from "../tools/define-tool.ts";
import { buildCrew } from "./build-crew.ts";
import type { AgentSpec, CrewSpec, TaskSpec } from "./crew-spec.ts";

const at = (file: string, line: number) => ({ file, line, column: 1 });
const agentSpec = (name: string, extra: Partial<AgentSpec> = {}): AgentSpec => ({
	name,
	role: `${name} role`,
	goal: "goal",
	backstory: "backstory",
	tools: [],
	location: at("agents.yaml", 1),
	...extra,
});
const taskSpec = (name: string, agent: string, extra: Partial<TaskSpec> = {}): TaskSpec => ({
	name,
	description: `Do ${name}`,
	expectedOutput: "text",
	agent,
	async: false,
	location: at("tasks.yaml", 7),
	...extra,
});
const tool = (name: string) =>
	defineTool({ name, description: name, parameters: z.object({}), execute: () => "" });

test("a YAML crew becomes agents and tasks with every setting carried over", () => {
	const search = tool("search");
	const read = tool("read");
	const spec: CrewSpec = {
		agents: [
			agentSpec("researcher", {
				tools: ["search"],
				model: "openai:gpt-4.1-mini",
				maxIterations: 3,
				allowDelegation: true,
				maxExecutionTime: 30,
				reasoning: true,
				knowledge: ["/crew/docs"],
			}),
			agentSpec("writer"),
		],
		tasks: [
			taskSpec("gather", "researcher", { async: true }),
			taskSpec("write", "writer", {
				context: ["gather"],
				outputFile: "out/{topic}.md",
				tools: ["read"],
				humanInput: true,
				guardrails: ["Cites a source."],
				outputSchema: { type: "object", properties: { title: { type: "string" } } },
			}),
		],
		planning: true,
	};
	const check = () => ({ ok: true as const });
	const crew = buildCrew(spec, {
		name: "news",
		tools: [search, read],
		model: "scripted:x.json",
		guardrails: { write: [check] },
	});
	assert.equal(crew.name, "news");
	assert.equal(crew.model, "scripted:x.json");
	assert.equal(crew.planning, true);
	const [researcher, writer] = crew.agents;
	assert.deepEqual(
		[
			researcher?.tools,
			researcher?.model,
			researcher?.maxIterations,
			researcher?.allowDelegation,
			researcher?.maxExecutionTime,
			researcher?.reasoning,
			researcher?.knowledge,
		],
		[[search], "openai:gpt-4.1-mini", 3, true, 30, true, ["/crew/docs"]],
	);
	assert.deepEqual(
		[
			writer?.tools,
			writer?.model,
			writer?.maxIterations,
			writer?.allowDelegation,
			writer?.maxExecutionTime,
			writer?.reasoning,
			writer?.knowledge,
			writer?.mcpServers,
		],
		[[], undefined, 8, false, undefined, false, [], []],
	);
	assert.equal(crew.process, "sequential");
	assert.equal(crew.manager, undefined);
	assert.equal(crew.managerModel, undefined);
	const [gather, write] = crew.tasks;
	assert.equal(gather?.agent, researcher);
	assert.equal(gather?.async, true);
	assert.equal(gather?.context, undefined);
	assert.equal(gather?.tools, undefined);
	assert.deepEqual(gather?.guardrails, []);
	assert.equal(gather?.outputSchema, undefined);
	assert.equal(gather?.humanInput, false);
	assert.equal(write?.agent, writer);
	assert.deepEqual(write?.context, [gather]);
	assert.equal(write?.outputFile, "out/{topic}.md");
	assert.deepEqual(write?.tools, [read]);
	assert.equal(write?.humanInput, true);
	assert.deepEqual(write?.guardrails, ["Cites a source.", check]);
	assert.deepEqual(write?.outputSchema?.parse({ title: "T" }), { title: "T" });
	assert.throws(() => write?.outputSchema?.parse({ title: 3 }));
});

test("schemas and guardrails given in code apply by task name; the code's schema wins", () => {
	const schema = z.object({ n: z.number() });
	const check = () => ({ ok: true as const });
	const crew = buildCrew(
		{
			agents: [agentSpec("a")],
			tasks: [taskSpec("one", "a", { outputSchema: { type: "object" } }), taskSpec("two", "a")],
		},
		{ outputSchemas: { one: schema }, guardrails: { two: [check] } },
	);
	assert.equal(crew.tasks[0]?.outputSchema, schema);
	assert.deepEqual(crew.tasks[1]?.guardrails, [check]);
	assert.equal(crew.name, "crew");
});

test("a hierarchical crew gets its manager and the manager's model, unless every agent uses the run's", () => {
	const spec: CrewSpec = {
		agents: [agentSpec("a", { model: "openai:gpt-4o" })],
		tasks: [taskSpec("one", "a")],
		process: "hierarchical",
		manager: agentSpec("boss"),
		managerModel: "openai:gpt-4.1",
	};
	const crew = buildCrew(spec);
	assert.equal(crew.process, "hierarchical");
	assert.equal(crew.planning, false);
	assert.equal(crew.manager?.name, "boss");
	assert.equal(crew.managerModel, "openai:gpt-4.1");
	assert.equal(crew.agents[0]?.model, "openai:gpt-4o");
	const overridden = buildCrew(spec, { overrideAgentModels: true, model: "scripted:s.json" });
	assert.equal(overridden.managerModel, undefined);
	assert.equal(overridden.agents[0]?.model, undefined);
	assert.equal(overridden.model, "scripted:s.json");
	assert.equal(buildCrew({ agents: spec.agents, tasks: spec.tasks }).process, "sequential");
});

test("unknown tools, agents and context are ConfigErrors at their place in the YAML, naming what exists", () => {
	const refused = (spec: CrewSpec, message: string, line: number, tools = [tool("search")]) =>
		assert.throws(
			() => buildCrew(spec, { tools }),
			(error) =>
				error instanceof ConfigError &&
				error.message === `${error.location?.file}:${line}:1: ${message}` &&
				error.location?.line === line,
		);
	refused(
		{ agents: [agentSpec("a", { tools: ["serch"] })], tasks: [taskSpec("one", "a")] },
		"Agent 'a' lists tool 'serch', which crewkit does not know. Available tools: search.",
		1,
	);
	refused(
		{ agents: [agentSpec("a", { tools: ["x"] })], tasks: [taskSpec("one", "a")] },
		"Agent 'a' lists tool 'x', which crewkit does not know. Available tools: none.",
		1,
		[],
	);
	refused(
		{ agents: [agentSpec("a")], tasks: [taskSpec("one", "a", { tools: ["web"] })] },
		"Task 'one' lists tool 'web', which crewkit does not know. Available tools: search, read.",
		7,
		[tool("search"), tool("read")],
	);
	refused(
		{ agents: [agentSpec("a"), agentSpec("b")], tasks: [taskSpec("one", "c")] },
		"Task 'one' refers to agent 'c', which is not defined. Defined agents: a, b.",
		7,
	);
	refused(
		{
			agents: [agentSpec("a")],
			tasks: [taskSpec("one", "a", { context: ["two"] }), taskSpec("two", "a")],
		},
		"Task 'one' takes context from 'two', which is not a task defined before it.",
		7,
	);
});
