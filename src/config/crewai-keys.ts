/**
 * The keys CrewAI accepts in `agents.yaml` and `tasks.yaml` entries. `used` keys become
 * fields of the spec; `ignored` ones are valid CrewAI settings that crewkit does not apply
 * (they are accepted so that CrewAI files load unchanged). Both lists serve to recognise
 * typos: an unknown key close to one of them is an error with a suggestion, any other
 * unknown key is ignored, as CrewAI ignores it.
 */
export const agentKeys = {
	// `mcp_servers` is crewkit's own (CrewAI's `mcps` takes other values and is ignored).
	// `knowledge` is crewkit's too: a list of file and folder paths (see src/knowledge).
	used: ["role", "goal", "backstory", "llm", "tools", "max_iter", "mcp_servers", "knowledge"],
	ignored: [
		"verbose",
		"allow_delegation",
		"cache",
		"max_rpm",
		"max_execution_time",
		"max_retry_limit",
		"max_tokens",
		"memory",
		"function_calling_llm",
		"system_template",
		"prompt_template",
		"response_template",
		"use_system_prompt",
		"step_callback",
		"callbacks",
		"allow_code_execution",
		"code_execution_mode",
		"respect_context_window",
		"multimodal",
		"inject_date",
		"date_format",
		"reasoning",
		"max_reasoning_attempts",
		"knowledge_sources",
		"knowledge_config",
		"embedder",
		"guardrail",
		"guardrail_max_retries",
		"apps",
		"mcps",
		"config",
		"security_config",
	],
} as const;

/** The keys of a `tasks.yaml` entry; see `agentKeys`. */
export const taskKeys = {
	used: [
		"description",
		"expected_output",
		"agent",
		"context",
		"output_file",
		"async_execution",
		"human_input",
	],
	ignored: [
		"name",
		"tools",
		"output_json",
		"output_pydantic",
		"response_model",
		"callback",
		"guardrail",
		"guardrails",
		"guardrail_max_retries",
		"max_retries",
		"create_directory",
		"markdown",
		"converter_cls",
		"input_files",
		"allow_crewai_trigger_context",
		"config",
		"security_config",
	],
} as const;
