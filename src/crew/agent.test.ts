import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { ConfigError } from "../errors.ts";
import { defineTool } from "../tools/define-tool.ts";
import { Agent, slugify } from "./agent.ts";

const persona = { role: "Senior Analyst", goal: "Find facts", backstory: "Careful." };
const tool = (name: string) =>
	defineTool({ name, description: "d", parameters: z.object({}), execute: () => "" });
const refused = (options: ConstructorParameters<typeof Agent>[0], message: string) =>
	assert.throws(
		() => new Agent(options),
		(error) => error instanceof ConfigError && error.message === message,
	);

test("an agent takes its defaults: a name from its role, no tools, 8 iterations, no delegation", () => {
	const agent = new Agent(persona);
	assert.equal(agent.name, "senior_analyst");
	assert.deepEqual(agent.tools, []);
	assert.equal(agent.maxIterations, 8);
	assert.equal(agent.allowDelegation, false);
	assert.equal(agent.reasoning, false);
	assert.deepEqual(agent.mcpServers, []);
	assert.equal(agent.maxExecutionTime, undefined);
	const named = new Agent({
		...persona,
		name: "lead",
		maxIterations: 1,
		allowDelegation: true,
		reasoning: true,
		maxExecutionTime: 0.5,
	});
	assert.deepEqual(
		[
			named.name,
			named.maxIterations,
			named.allowDelegation,
			named.reasoning,
			named.maxExecutionTime,
		],
		["lead", 1, true, true, 0.5],
	);
});

test("an agent without a role, goal or backstory is refused, naming the field", () => {
	for (const field of ["role", "goal", "backstory"] as const) {
		refused({ ...persona, name: "a", [field]: "  " }, `Agent a needs a non-empty ${field}.`);
	}
	refused({ ...persona, goal: "" }, "Agent Senior Analyst needs a non-empty goal.");
	const unset = (field: "role" | "backstory", name?: string) =>
		({ ...persona, ...(name ? { name } : {}), [field]: undefined }) as unknown as typeof persona;
	refused(unset("backstory", "a"), "Agent a needs a non-empty backstory.");
	refused(unset("role"), "An agent needs a non-empty role.");
});

test("iterations, execution time and tool names are checked when the agent is defined", () => {
	for (const maxIterations of [0, -1, 2.5]) {
		refused(
			{ ...persona, maxIterations },
			`Agent 'senior_analyst': maxIterations must be a whole number of at least 1, got ${maxIterations}.`,
		);
	}
	for (const maxExecutionTime of [0, -3, Number.NaN, Number.POSITIVE_INFINITY]) {
		refused(
			{ ...persona, maxExecutionTime },
			`Agent 'senior_analyst': maxExecutionTime must be a number of seconds above 0, got ${maxExecutionTime}.`,
		);
	}
	refused(
		{ ...persona, tools: [tool("search"), tool("read"), tool("search")] },
		"Agent 'senior_analyst' lists tool 'search' twice.",
	);
	assert.equal(new Agent({ ...persona, tools: [tool("search"), tool("read")] }).tools.length, 2);
});

test("MCP server and knowledge settings are checked when the agent is defined, naming the agent", () => {
	const server = { name: "files", command: "node", args: ["server.js"], allowTools: ["*"] };
	refused(
		{ ...persona, mcpServers: [server, server] },
		"Agent 'senior_analyst': MCP server 'files' is listed twice: give each server its own name.",
	);
	refused(
		{ ...persona, knowledge: "./docs" as unknown as string[] },
		"Agent 'senior_analyst': knowledge must be a list of file or folder paths, e.g. knowledge: ['./docs'].",
	);
	assert.deepEqual(new Agent({ ...persona, knowledge: ["./docs"] }).knowledge, ["./docs"]);
});

test("slugify keeps letters and digits, joins the rest with _, trims, caps at 60, else 'agent'", () => {
	assert.equal(slugify("  Senior -- Analyst 2! "), "senior_analyst_2");
	assert.equal(slugify("__x__"), "x");
	assert.equal(slugify("a".repeat(70)), "a".repeat(60));
	assert.equal(slugify("!!!"), "agent");
});
