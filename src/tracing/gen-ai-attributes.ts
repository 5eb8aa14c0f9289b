/**
 * Names from OpenTelemetry's semantic conventions for generative AI (gen_ai.*, development
 * status, as of semconv 1.41) and crewkit's own (crewkit.*), in one place so that a rename
 * upstream is one edit here.
 */
export const genAi = {
	operationName: "gen_ai.operation.name",
	providerName: "gen_ai.provider.name",
	requestModel: "gen_ai.request.model",
	responseFinishReasons: "gen_ai.response.finish_reasons",
	usageInputTokens: "gen_ai.usage.input_tokens",
	usageOutputTokens: "gen_ai.usage.output_tokens",
	agentName: "gen_ai.agent.name",
	workflowName: "gen_ai.workflow.name",
	conversationId: "gen_ai.conversation.id",
	toolName: "gen_ai.tool.name",
	toolCallId: "gen_ai.tool.call.id",
	toolType: "gen_ai.tool.type",
	toolCallArguments: "gen_ai.tool.call.arguments",
	toolCallResult: "gen_ai.tool.call.result",
	inputMessages: "gen_ai.input.messages",
	outputMessages: "gen_ai.output.messages",
	errorType: "error.type",
} as const;

/** The values of `gen_ai.operation.name` crewkit's spans use. */
export const genAiOperation = {
	workflow: "invoke_workflow",
	agent: "invoke_agent",
	chat: "chat",
	tool: "execute_tool",
} as const;

/** crewkit's attributes and span events, for what the conventions have no name for. */
export const crewkitAttribute = {
	runId: "crewkit.run.id",
	runStatus: "crewkit.run.status",
	taskName: "crewkit.task.name",
	restoredFrom: "crewkit.task.restored_from",
	retryEvent: "crewkit.retry",
} as const;

/**
 * `gen_ai.provider.name` for an AI SDK provider id ("openai.chat", "anthropic.messages",
 * "google.generative-ai", "scripted"): the conventions' name where there is one, else the
 * id's first part.
 */
export function providerName(provider: string): string {
	const family = provider.split(".")[0] ?? provider;
	if (family === "google") return "gcp.gen_ai";
	if (family === "mistral") return "mistral_ai";
	if (family === "xai") return "x_ai";
	return family;
}

/** Splits crewkit's model name `provider:modelId` (as events carry it). */
export function splitModelName(model: string): { provider: string; modelId: string } {
	const colon = model.indexOf(":");
	return colon < 0
		? { provider: "_OTHER", modelId: model }
		: { provider: model.slice(0, colon), modelId: model.slice(colon + 1) };
}
