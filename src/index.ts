/**
 * crewkit: crews of AI agents in TypeScript.
 *
 * @example
 * import { Agent, Crew, Task } from "crewkit";
 * const researcher = new Agent({ role: "Researcher of {topic}", goal: "…", backstory: "…" });
 * const task = new Task({ description: "List developments in {topic}", expectedOutput: "Ten bullets", agent: researcher });
 * const result = await new Crew({ agents: [researcher], tasks: [task] }).kickoff({ inputs: { topic: "AI LLMs" } });
 */

export { buildCrew } from "./config/build-crew.ts";
export type { AgentSpec, CrewSpec, TaskSpec } from "./config/crew-spec.ts";
// parseCrewYaml is in crewkit/yaml: the YAML parser loads only with the first crew read.
export { loadCrewYaml } from "./config/load-crew-yaml-on-demand.ts";
export { Agent, type AgentOptions, type ModelSpec } from "./crew/agent.ts";
export {
	BatchError,
	Crew,
	type CrewOptions,
	type CrewOutput,
	type KickoffInputs,
	type KickoffOptions,
	type Process,
	type RunUsage,
} from "./crew/crew.ts";
export { GuardrailError } from "./crew/run-crew.ts";
export {
	type Guardrail,
	type GuardrailResult,
	type ModelCallRecord,
	Task,
	type TaskOptions,
	type TaskOutput,
} from "./crew/task.ts";
export {
	CancelledError,
	ConfigError,
	CrewkitError,
	LimitError,
	MissingInputError,
	ModelBehaviorError,
	ModelUnavailableError,
	ProviderError,
	type SourceLocation,
} from "./errors.ts";
export type { CrewEvent, CrewEventType, EventListener, FlowEvent, HumanEvent } from "./events.ts";
export {
	allOf,
	anyOf,
	defineFlow,
	Flow,
	type FlowCondition,
	type FlowGraph,
	type FlowOptions,
	type FlowOutput,
	type FlowRunOptions,
	FlowStateError,
	FlowStepError,
	type FlowStepOptions,
	type StepContext,
} from "./flow/index.ts";
export {
	type AskHumanOptions,
	answerRun,
	type HumanAnswerer,
	type HumanOptions,
	type HumanQuestion,
	WaitingForHumanError,
	waitingQuestions,
} from "./human/index.ts";
export type { KnowledgeOptions } from "./knowledge/index.ts";
export type { McpHttpServer, McpServerConfig, McpStdioServer } from "./mcp/index.ts";
export {
	createLlamaEmbedder,
	createModelEmbedder,
	type Embedder,
	type EmbedderSpec,
	type MemoryFilter,
	type MemoryKind,
	type MemoryOptions,
	type MemoryRecord,
	type MemorySetting,
	type MemoryStore,
	openMemoryStore,
	recallMemories,
	recallScore,
	type ScoredMemory,
} from "./memory/index.ts";
export { createRecorder, type Recorder } from "./models/record-model.ts";
export { createReplayModel, loadReplayModel } from "./models/replay-model.ts";
export {
	defaultModelSpec,
	modelProviders,
	type ResolvedModel,
	type ResolveModelOptions,
	resolveModel,
} from "./models/resolve-model.ts";
export {
	createScriptedModel,
	loadScriptedModel,
	type ScriptedModel,
	type ScriptedModelOptions,
	type ScriptedReply,
} from "./models/scripted-model.ts";
export { checkReport, formatReportProblems, type ReportCheck } from "./report/check-report.ts";
export {
	type EvaluateReportOptions,
	evaluateReport,
	type ReportEvaluation,
} from "./report/evaluate-report.ts";
export { loadPassagesFromSources } from "./report/load-passages-from-sources.ts";
export { findCitations } from "./report/parse-citations.ts";
export { type ListedSource, parseSourceList } from "./report/parse-source-list.ts";
export { defaultSupportThreshold, isSupported, supportScore } from "./report/support-score.ts";
export { createResearchCrew, type ResearchCrewOptions } from "./research/research-crew.ts";
export type { GroundingSummary } from "./research/verify-report.ts";
export { createSearchSourcesTool } from "./sources/search-sources-tool.ts";
export { openSourceIndex, type SourceIndex } from "./sources/source-index.ts";
export {
	createSourceRegistry,
	type Source,
	type SourceRegistry,
} from "./sources/source-registry.ts";
export type { RunRecord, RunStore } from "./store/run-store.ts";
export { openRunStore } from "./store/sqlite-store.ts";
export {
	type CrewTrialOptions,
	type CrewTrials,
	runCrewTrials,
	type TaskTrial,
} from "./testing/run-crew-trials.ts";
export { scoreAnswer } from "./testing/score-answer.ts";
export type { MetricSummary } from "./testing/summarize-runs.ts";
export {
	defineJsonSchemaTool,
	type JsonSchemaToolDefinition,
} from "./tools/define-json-schema-tool.ts";
export { defineTool, type Tool, type ToolContext } from "./tools/define-tool.ts";
export { createFileTools } from "./tools/files/file-tools.ts";
export {
	createFetchPageTool,
	createSearchBackend,
	createWebSearchTool,
	fetchPage,
	type SearchBackend,
} from "./tools/web/index.ts";
export type { TracingOption, TracingOptions } from "./tracing/index.ts";
export type { Usage } from "./usage.ts";
