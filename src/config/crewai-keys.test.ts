import assert from "node:assert/strict";
import { test } from "node:test";
import { configErrorMessage } from "../../test/support/config-error-message.ts";
import { oneAgentYaml, oneTaskYaml, parseCrewTexts } from "../../test/support/parse-crew-texts.ts";

const agentsYaml = oneAgentYaml;
const tasksYaml = oneTaskYaml;
const parse = parseCrewTexts;

test("a misspelt key of any agent setting CrewAI knows is refused with the key meant", () => {
	const typos = [
		["rloe", "role"],
		["gaol", "goal"],
		["backstroy", "backstory"],
		["lml", "llm"],
		["tols", "tools"],
		["max_itr", "max_iter"],
		["mcp_server", "mcp_servers"],
		["knowlege", "knowledge"],
		["allow_delegaton", "allow_delegation"],
		["max_executon_time", "max_execution_time"],
		["max_rmp", "max_rpm"],
		["reasonin", "reasoning"],
		["verbos", "verbose"],
		["max_retry_limt", "max_retry_limit"],
		["embeder", "embedder"],
	];
	for (const [typo, meant] of typos) {
		assert.equal(
			configErrorMessage(() => parse(`${agentsYaml}  ${typo}: x\n`)),
			`crew/agents.yaml:5:3: unknown key '${typo}' in agent 'researcher'; did you mean '${meant}'?`,
		);
	}
});

test("a misspelt key of any task setting CrewAI knows is refused with the key meant", () => {
	const typos = [
		["descriptin", "description"],
		["expected_ouput", "expected_output"],
		["agnet", "agent"],
		["contex", "context"],
		["output_fle", "output_file"],
		["async_executon", "async_execution"],
		["tool", "tools"],
		["guardrial", "guardrail"],
		["gaurdrails", "guardrails"],
		["human_inptu", "human_input"],
		["output_pydantc", "output_pydantic"],
		["markdwn", "markdown"],
	];
	for (const [typo, meant] of typos) {
		assert.equal(
			configErrorMessage(() => parse(agentsYaml, `${tasksYaml}  ${typo}: x\n`)),
			`crew/tasks.yaml:5:3: unknown key '${typo}' in task 'research_task'; did you mean '${meant}'?`,
		);
	}
});

test("each CrewAI agent setting crewkit does not apply is named once with what happens instead", () => {
	const settings = [
		["max_tokens", "ignored: answers are capped by the model's own limit"],
		["memory", "ignored per agent: memory is per crew (memory=True in crew.py, or --memory)"],
		["function_calling_llm", "ignored: tools are called by the agent's own model"],
		["system_template", "ignored: crewkit's own prompt is used"],
		["prompt_template", "ignored: crewkit's own prompt is used"],
		["response_template", "ignored: crewkit's own prompt is used"],
		["step_callback", "ignored: follow the run's events instead (crewkit log, the dashboard)"],
		["callbacks", "ignored: follow the run's events instead (crewkit log, the dashboard)"],
		["allow_code_execution", "ignored: crewkit runs no code the model writes"],
		["code_execution_mode", "ignored: crewkit runs no code the model writes"],
		["multimodal", "ignored: prompts are text only"],
		["knowledge_sources", "ignored: list files and folders under crewkit's `knowledge:` key"],
		["knowledge_config", "ignored: knowledge is searched with crewkit's defaults"],
		[
			"embedder",
			"ignored: memory and knowledge use keyword search unless an embedder is configured",
		],
		["guardrail", "ignored on agents: put the guardrail on the task"],
		["guardrail_max_retries", "ignored: guardrails are retried twice"],
		["apps", "ignored: not available in crewkit"],
		["mcps", "ignored: name MCP servers under crewkit's `mcp_servers:` key (mcp.yaml)"],
		["security_config", "ignored"],
		["planning_config", "ignored"],
	];
	const crew = parse(`${agentsYaml}${settings.map(([key]) => `  ${key}: x\n`).join("")}`);
	assert.deepEqual(
		crew.warnings,
		settings.map(([key, instead], index) => ({
			what: `agent 'researcher': ${key}`,
			where: `crew/agents.yaml:${5 + index}:3`,
			instead,
		})),
	);
});

test("each CrewAI task setting crewkit does not apply is named once with what happens instead", () => {
	const fromCrewPy =
		"ignored in YAML: set output_json/output_pydantic in crew.py, where crewkit reads the Pydantic class";
	const settings = [
		["guardrail_max_retries", "ignored: guardrails are retried twice"],
		["output_json", fromCrewPy],
		["output_pydantic", fromCrewPy],
		["response_model", "ignored: the answer is not parsed"],
		["callback", "ignored: follow the run's events instead (crewkit log, the dashboard)"],
		["callbacks", "ignored: follow the run's events instead (crewkit log, the dashboard)"],
		["converter_cls", "ignored: structured answers are parsed and repaired by crewkit"],
		["input_files", "ignored: give files through knowledge: or the file tools"],
		["allow_crewai_trigger_context", "ignored"],
		["security_config", "ignored"],
	];
	const crew = parse(
		agentsYaml,
		`${tasksYaml}${settings.map(([key]) => `  ${key}: x\n`).join("")}`,
	);
	assert.deepEqual(
		crew.warnings,
		settings.map(([key, instead], index) => ({
			what: `task 'research_task': ${key}`,
			where: `crew/tasks.yaml:${5 + index}:3`,
			instead,
		})),
	);
});

test("settings that change nothing a user relies on load without a warning", () => {
	const agentSettings = [
		"verbose",
		"cache",
		"max_retry_limit",
		"respect_context_window",
		"inject_date",
		"date_format",
		"use_system_prompt",
		"config",
		"max_reasoning_attempts",
	];
	const taskSettings = ["name", "create_directory", "markdown", "config", "max_retries"];
	const crew = parse(
		`${agentsYaml}${agentSettings.map((key) => `  ${key}: x\n`).join("")}`,
		`${tasksYaml}${taskSettings.map((key) => `  ${key}: x\n`).join("")}`,
	);
	assert.equal(crew.warnings, undefined);
	assert.deepEqual(
		crew.agents.map((agent) => agent.name),
		["researcher"],
	);
});

test("a setting left off (false, empty, an empty list or no value) needs no warning", () => {
	for (const value of ["false", "''", "[]", "", "null", "~"]) {
		const crew = parse(`${agentsYaml}  max_tokens: ${value}\n  callbacks: ${value}\n`);
		assert.equal(crew.warnings, undefined, `max_tokens: ${value}`);
	}
	for (const value of ["0", "true", "[log]", "{}"]) {
		const crew = parse(`${agentsYaml}  max_tokens: ${value}\n`);
		assert.deepEqual(
			crew.warnings?.map((warning) => warning.what),
			["agent 'researcher': max_tokens"],
			`max_tokens: ${value}`,
		);
	}
});
