/**
 * The keys CrewAI accepts in `agents.yaml` and `tasks.yaml` entries. `used` keys become
 * fields of the spec. `ignored` ones are valid CrewAI settings that crewkit does not apply;
 * each maps to what crewkit does instead, which the run's warning block says, or to `""`
 * when nothing a user relies on changes (logging, caching, formatting). Both lists serve to
 * recognise typos: an unknown key close to one of them is an error with a suggestion, any
 * other unknown key is ignored, as CrewAI ignores it.
 */
export const agentKeys = {
	// `mcp_servers` is crewkit's own (CrewAI's `mcps` takes other values and is ignored).
	// `knowledge` is crewkit's too: a list of file and folder paths (see src/knowledge).
	used: [
		"role",
		"goal",
		"backstory",
		"llm",
		"tools",
		"max_iter",
		"mcp_servers",
		"knowledge",
		"allow_delegation",
		"max_execution_time",
		"max_rpm",
		"reasoning",
	],
	ignored: {
		verbose: "",
		cache: "",
		max_retry_limit: "",
		respect_context_window: "",
		inject_date: "",
		date_format: "",
		use_system_prompt: "",
		config: "",
		max_reasoning_attempts: "",
		max_tokens: "ignored: answers are capped by the model's own limit",
		memory: "ignored per agent: memory is per crew (memory=True in crew.py, or --memory)",
		function_calling_llm: "ignored: tools are called by the agent's own model",
		system_template: "ignored: crewkit's own prompt is used",
		prompt_template: "ignored: crewkit's own prompt is used",
		response_template: "ignored: crewkit's own prompt is used",
		step_callback: "ignored: follow the run's events instead (crewkit log, the dashboard)",
		callbacks: "ignored: follow the run's events instead (crewkit log, the dashboard)",
		allow_code_execution: "ignored: crewkit runs no code the model writes",
		code_execution_mode: "ignored: crewkit runs no code the model writes",
		multimodal: "ignored: prompts are text only",
		knowledge_sources: "ignored: list files and folders under crewkit's `knowledge:` key",
		knowledge_config: "ignored: knowledge is searched with crewkit's defaults",
		embedder: "ignored: memory and knowledge use keyword search unless an embedder is configured",
		guardrail: "ignored on agents: put the guardrail on the task",
		guardrail_max_retries: "ignored: guardrails are retried twice",
		apps: "ignored: not available in crewkit",
		mcps: "ignored: name MCP servers under crewkit's `mcp_servers:` key (mcp.yaml)",
		security_config: "ignored",
		planning_config: "ignored",
	},
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
		"tools",
		"guardrail",
		"guardrails",
		"human_input",
	],
	ignored: {
		name: "",
		create_directory: "",
		markdown: "",
		config: "",
		max_retries: "",
		guardrail_max_retries: "ignored: guardrails are retried twice",
		output_json:
			"ignored in YAML: set output_json/output_pydantic in crew.py, where crewkit reads the Pydantic class",
		output_pydantic:
			"ignored in YAML: set output_json/output_pydantic in crew.py, where crewkit reads the Pydantic class",
		response_model: "ignored: the answer is not parsed",
		callback: "ignored: follow the run's events instead (crewkit log, the dashboard)",
		callbacks: "ignored: follow the run's events instead (crewkit log, the dashboard)",
		converter_cls: "ignored: structured answers are parsed and repaired by crewkit",
		input_files: "ignored: give files through knowledge: or the file tools",
		allow_crewai_trigger_context: "ignored",
		security_config: "ignored",
	},
} as const;
