import {
	type Attributes,
	context,
	type Span,
	SpanKind,
	SpanStatusCode,
	type Tracer,
	trace,
} from "@opentelemetry/api";
import type { CrewEvent, EventListener } from "../events.ts";
import type { Usage } from "../usage.ts";
import {
	crewkitAttribute,
	genAi,
	genAiOperation,
	providerName,
	splitModelName,
} from "./gen-ai-attributes.ts";
import { inputMessages, outputMessages } from "./semconv-messages.ts";

/** The open spans of one run. */
interface RunSpans {
	span: Span;
	/** By task name. */
	tasks: Map<string, Span>;
	/** By task and agent: one model call at a time per agent of a task. */
	models: Map<string, Span>;
	/** By task and tool call id, with the agent that called the tool. */
	tools: Map<string, { span: Span; agent: string }>;
}

/**
 * Turns a run's events into OpenTelemetry spans following the GenAI conventions:
 * `invoke_workflow {crew}` for the run, under it `invoke_agent {agent}` for each task, and
 * under each task `chat {model}` for model calls and `execute_tool {tool}` for tool calls.
 * A coworker's calls during a manager's `delegate_work` nest under that tool call. Spans
 * still open when the run ends (a failed task) end with it, as errors. A fault in tracing
 * never reaches the run.
 */
export function createTracingListener(
	tracer: Tracer,
	options: { recordContent: boolean },
): EventListener {
	const runs = new Map<string, RunSpans>();

	const start = (name: string, kind: SpanKind, attributes: Attributes, parent: Span) =>
		tracer.startSpan(name, { kind, attributes }, trace.setSpan(context.active(), parent));

	/** A coworker's work nests under the delegating tool call still open in its task. */
	const parentOf = (run: RunSpans, task: string, agent: string): Span => {
		const open = [...run.tools.entries()].filter(
			([key, tool]) => key.startsWith(`${task}\0`) && tool.agent !== agent,
		);
		return open.at(-1)?.[1].span ?? run.tasks.get(task) ?? run.span;
	};

	const handle = (event: CrewEvent) => {
		if (event.type === "run-start") {
			const span = tracer.startSpan(
				`${genAiOperation.workflow} ${event.crew}`,
				{
					kind: SpanKind.INTERNAL,
					attributes: {
						[genAi.operationName]: genAiOperation.workflow,
						[genAi.workflowName]: event.crew,
						[genAi.conversationId]: event.runId,
						[crewkitAttribute.runId]: event.runId,
					},
				},
				context.active(),
			);
			runs.set(event.runId, {
				span,
				tasks: new Map(),
				models: new Map(),
				tools: new Map(),
			});
			return;
		}
		const run = runs.get(event.runId);
		if (!run) return;
		switch (event.type) {
			case "task-start": {
				run.tasks.set(
					event.task,
					start(
						`${genAiOperation.agent} ${event.agent}`,
						SpanKind.INTERNAL,
						{
							[genAi.operationName]: genAiOperation.agent,
							[genAi.agentName]: event.agent,
							[genAi.conversationId]: event.runId,
							[crewkitAttribute.taskName]: event.task,
						},
						run.span,
					),
				);
				return;
			}
			case "task-restore": {
				const span = start(
					`${genAiOperation.agent} ${event.agent}`,
					SpanKind.INTERNAL,
					{
						[genAi.operationName]: genAiOperation.agent,
						[genAi.agentName]: event.agent,
						[crewkitAttribute.taskName]: event.task,
						[crewkitAttribute.restoredFrom]: event.fromRun,
						...usageAttributes(event.usage),
					},
					run.span,
				);
				span.end();
				return;
			}
			case "task-retry": {
				run.tasks.get(event.task)?.addEvent(crewkitAttribute.retryEvent, {
					attempt: event.attempt,
					reason: event.reason,
				});
				return;
			}
			case "task-end": {
				const span = run.tasks.get(event.task);
				run.tasks.delete(event.task);
				span?.setAttributes(usageAttributes(event.usage));
				span?.setStatus({ code: SpanStatusCode.OK });
				span?.end();
				return;
			}
			case "model-start": {
				const { provider, modelId } = splitModelName(event.model);
				run.models.set(
					`${event.task}\0${event.agent}`,
					start(
						`${genAiOperation.chat} ${modelId}`,
						SpanKind.CLIENT,
						{
							[genAi.operationName]: genAiOperation.chat,
							[genAi.providerName]: providerName(provider),
							[genAi.requestModel]: modelId,
							[genAi.agentName]: event.agent,
							[crewkitAttribute.taskName]: event.task,
						},
						parentOf(run, event.task, event.agent),
					),
				);
				return;
			}
			case "model-retry": {
				run.models.get(`${event.task}\0${event.agent}`)?.addEvent(crewkitAttribute.retryEvent, {
					attempt: event.attempt,
					reason: event.reason,
					delay_ms: event.delayMs,
				});
				return;
			}
			case "model-end": {
				const key = `${event.task}\0${event.agent}`;
				const span = run.models.get(key);
				run.models.delete(key);
				if (!span) return;
				span.setAttributes({
					[genAi.responseFinishReasons]: [event.finishReason],
					...usageAttributes(event.usage),
				});
				if (options.recordContent) {
					span.setAttributes({
						[genAi.inputMessages]: JSON.stringify(inputMessages(event.prompt)),
						[genAi.outputMessages]: JSON.stringify(
							outputMessages(event.response, event.finishReason),
						),
					});
				}
				span.end();
				return;
			}
			case "tool-call": {
				const span = start(
					`${genAiOperation.tool} ${event.toolName}`,
					SpanKind.INTERNAL,
					{
						[genAi.operationName]: genAiOperation.tool,
						[genAi.toolName]: event.toolName,
						[genAi.toolCallId]: event.toolCallId,
						[genAi.toolType]: "function",
						[genAi.agentName]: event.agent,
						...(options.recordContent
							? { [genAi.toolCallArguments]: JSON.stringify(event.input) }
							: {}),
					},
					parentOf(run, event.task, event.agent),
				);
				run.tools.set(`${event.task}\0${event.toolCallId}`, { span, agent: event.agent });
				return;
			}
			case "tool-result": {
				const key = `${event.task}\0${event.toolCallId}`;
				const span = run.tools.get(key)?.span;
				run.tools.delete(key);
				if (!span) return;
				if (options.recordContent) {
					span.setAttribute(genAi.toolCallResult, JSON.stringify(event.output ?? null));
				}
				if (event.isError) {
					span.setAttribute(genAi.errorType, "tool_error");
					span.setStatus({
						code: SpanStatusCode.ERROR,
						message: typeof event.output === "string" ? event.output : "the tool failed",
					});
				}
				span.end();
				return;
			}
			case "run-end": {
				const failed = event.status !== "completed";
				const message = event.error ?? event.status;
				for (const open of [
					...[...run.tools.values()].map((tool) => tool.span),
					...run.models.values(),
					...run.tasks.values(),
				]) {
					open.setAttribute(genAi.errorType, event.status === "cancelled" ? "cancelled" : "_OTHER");
					open.setStatus({ code: SpanStatusCode.ERROR, message });
					open.end();
				}
				run.span.setAttributes({
					[crewkitAttribute.runStatus]: event.status,
					...usageAttributes(event.usage),
				});
				if (failed) {
					run.span.setAttribute(
						genAi.errorType,
						event.status === "cancelled" ? "cancelled" : "_OTHER",
					);
					run.span.setStatus({ code: SpanStatusCode.ERROR, message });
				} else {
					run.span.setStatus({ code: SpanStatusCode.OK });
				}
				run.span.end();
				runs.delete(event.runId);
				return;
			}
			default:
				return;
		}
	};

	return (event) => {
		try {
			handle(event);
		} catch {
			// Tracing is an observer: a fault here must not fail or slow the run.
		}
	};
}

function usageAttributes(usage: Usage): Attributes {
	return {
		[genAi.usageInputTokens]: usage.inputTokens,
		[genAi.usageOutputTokens]: usage.outputTokens,
	};
}
