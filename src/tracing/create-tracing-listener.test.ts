import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { z } from "zod";
import { Agent } from "../crew/agent.ts";
import { Crew } from "../crew/crew.ts";
import { Task } from "../crew/task.ts";
import { createScriptedModel, type ScriptedReply } from "../models/scripted-model.ts";
import { defineTool } from "../tools/define-tool.ts";

const add = defineTool({
	name: "add",
	description: "Adds two numbers.",
	parameters: z.object({ a: z.number(), b: z.number() }),
	execute: ({ a, b }) => a + b,
});

const fail = defineTool({
	name: "fail",
	description: "Always fails.",
	parameters: z.object({}),
	execute: () => {
		throw new Error("out of order");
	},
});

function twoTaskCrew(replies: ScriptedReply[]) {
	const researcher = new Agent({
		name: "researcher",
		role: "Researcher",
		goal: "Count",
		backstory: "Careful.",
		tools: [add, fail],
	});
	const writer = new Agent({ name: "writer", role: "Writer", goal: "Write", backstory: "Clear." });
	return new Crew({
		name: "counting",
		agents: [researcher, writer],
		tasks: [
			new Task({
				name: "count",
				description: "Count.",
				expectedOutput: "A number.",
				agent: researcher,
			}),
			new Task({ name: "write", description: "Write.", expectedOutput: "A line.", agent: writer }),
		],
		model: createScriptedModel({ replies }),
	});
}

/** The spans by name (each name once), and a check of who is whose parent. */
function tree(spans: readonly ReadableSpan[]) {
	const byName = (name: string) => {
		const found = spans.filter((span) => span.name === name);
		assert.equal(
			found.length,
			1,
			`one span '${name}' among ${spans.map((s) => s.name).join(", ")}`,
		);
		return found[0] as ReadableSpan;
	};
	const isChild = (child: ReadableSpan, parent: ReadableSpan) =>
		child.parentSpanContext?.spanId === parent.spanContext().spanId &&
		child.spanContext().traceId === parent.spanContext().traceId;
	return { byName, isChild };
}

describe("tracing a run through its events", () => {
	test("spans for the run, each task, model call and tool call, with GenAI attributes", async () => {
		const exporter = new InMemorySpanExporter();
		const crew = twoTaskCrew([
			{ toolCalls: [{ toolName: "add", input: { a: 2, b: 3 } }] },
			"5",
			"The count is 5.",
		]);
		const result = await crew.kickoff({ tracing: { exporter } });
		const spans = exporter.getFinishedSpans();
		assert.deepEqual(spans.map((span) => span.name).sort(), [
			"chat scripted",
			"chat scripted",
			"chat scripted",
			"execute_tool add",
			"invoke_agent researcher",
			"invoke_agent writer",
			"invoke_workflow counting",
		]);
		const { byName, isChild } = tree(spans);
		const run = byName("invoke_workflow counting");
		const count = byName("invoke_agent researcher");
		const write = byName("invoke_agent writer");
		const tool = byName("execute_tool add");
		assert.equal(run.parentSpanContext, undefined, "the run is a root span");
		assert.equal(run.kind, SpanKind.INTERNAL);
		assert.deepEqual(run.attributes, {
			"gen_ai.operation.name": "invoke_workflow",
			"gen_ai.workflow.name": "counting",
			"gen_ai.conversation.id": result.runId,
			"crewkit.run.id": result.runId,
			"crewkit.run.status": "completed",
			"gen_ai.usage.input_tokens": result.usage.total.inputTokens,
			"gen_ai.usage.output_tokens": result.usage.total.outputTokens,
		});
		assert.equal(run.status.code, SpanStatusCode.OK);
		assert.ok(isChild(count, run) && isChild(write, run));
		assert.equal(count.attributes["gen_ai.operation.name"], "invoke_agent");
		assert.equal(count.attributes["gen_ai.agent.name"], "researcher");
		assert.equal(count.attributes["crewkit.task.name"], "count");
		assert.equal(
			count.attributes["gen_ai.usage.input_tokens"],
			result.usage.byTask.count?.inputTokens,
		);
		assert.ok(isChild(tool, count));
		assert.deepEqual(tool.attributes, {
			"gen_ai.operation.name": "execute_tool",
			"gen_ai.tool.name": "add",
			"gen_ai.tool.call.id": "call_1_1",
			"gen_ai.tool.type": "function",
			"gen_ai.agent.name": "researcher",
		});

		const chats = spans.filter((span) => span.name === "chat scripted");
		assert.equal(chats.filter((chat) => isChild(chat, count)).length, 2);
		assert.equal(chats.filter((chat) => isChild(chat, write)).length, 1);
		const [firstCall] = result.usage.calls;
		// The first call is the one that asked for the tool: picked by what it answered, not by
		// comparing start times (HrTime arrays compared with `<` compare as strings, and two
		// calls can start within the same clock tick).
		const firstChat = chats.find(
			(chat) =>
				isChild(chat, count) &&
				String(chat.attributes["gen_ai.response.finish_reasons"]) === "tool-calls",
		);
		assert.equal(firstChat?.kind, SpanKind.CLIENT);
		assert.deepEqual(firstChat?.attributes, {
			"gen_ai.operation.name": "chat",
			"gen_ai.provider.name": "scripted",
			"gen_ai.request.model": "scripted",
			"gen_ai.agent.name": "researcher",
			"crewkit.task.name": "count",
			"gen_ai.response.finish_reasons": ["tool-calls"],
			"gen_ai.usage.input_tokens": firstCall?.usage.inputTokens,
			"gen_ai.usage.output_tokens": firstCall?.usage.outputTokens,
		});
		assert.ok(
			spans.every((span) => span.instrumentationScope.name === "crewkit"),
			"one tracer, named crewkit",
		);
	});

	test("prompts and answers are recorded only with recordContent", async () => {
		const exporter = new InMemorySpanExporter();
		const crew = twoTaskCrew([
			{ toolCalls: [{ toolName: "add", input: { a: 2, b: 3 } }] },
			"5",
			"The count is 5.",
		]);
		await crew.kickoff({ tracing: { exporter, recordContent: true } });
		const { byName } = tree(exporter.getFinishedSpans());
		const tool = byName("execute_tool add");
		assert.equal(tool.attributes["gen_ai.tool.call.arguments"], '{"a":2,"b":3}');
		assert.equal(tool.attributes["gen_ai.tool.call.result"], "5");
		const chat = exporter
			.getFinishedSpans()
			.find(
				(span) => span.name === "chat scripted" && span.attributes["crewkit.task.name"] === "write",
			);
		const input = JSON.parse(String(chat?.attributes["gen_ai.input.messages"]));
		assert.equal(input[0].role, "system");
		assert.equal(input[1].role, "user");
		assert.deepEqual(JSON.parse(String(chat?.attributes["gen_ai.output.messages"])), [
			{
				role: "assistant",
				parts: [{ type: "text", content: "The count is 5." }],
				finish_reason: "stop",
			},
		]);
	});

	test("a failing tool and a failing run end their spans as errors", async () => {
		const exporter = new InMemorySpanExporter();
		const crew = twoTaskCrew([{ toolCalls: [{ toolName: "fail", input: {} }] }]);
		await assert.rejects(crew.kickoff({ tracing: { exporter } }), /no reply left/);
		const { byName } = tree(exporter.getFinishedSpans());
		const tool = byName("execute_tool fail");
		assert.equal(tool.status.code, SpanStatusCode.ERROR);
		assert.equal(tool.attributes["error.type"], "tool_error");
		const task = byName("invoke_agent researcher");
		assert.equal(task.status.code, SpanStatusCode.ERROR);
		assert.match(task.status.message ?? "", /no reply left/);
		const run = byName("invoke_workflow counting");
		assert.equal(run.status.code, SpanStatusCode.ERROR);
		assert.equal(run.attributes["crewkit.run.status"], "failed");
		assert.equal(run.attributes["error.type"], "_OTHER");
	});

	test("a coworker's work nests under the manager's delegate_work call", async () => {
		const exporter = new InMemorySpanExporter();
		const analyst = new Agent({
			name: "analyst",
			role: "Analyst",
			goal: "Analyse",
			backstory: "Sharp.",
		});
		const crew = new Crew({
			name: "managed",
			process: "hierarchical",
			agents: [analyst],
			tasks: [
				new Task({
					name: "analyse",
					description: "Analyse.",
					expectedOutput: "A finding.",
					agent: analyst,
				}),
			],
			model: createScriptedModel({
				replies: [
					{
						toolCalls: [
							{
								toolName: "delegate_work",
								input: { coworker: "analyst", task: "Analyse.", context: "none" },
							},
						],
					},
					"The finding.",
					"Reviewed: the finding.",
				],
			}),
		});
		await crew.kickoff({ tracing: { exporter } });
		const spans = exporter.getFinishedSpans();
		const { byName, isChild } = tree(spans);
		const delegate = byName("execute_tool delegate_work");
		const task = byName("invoke_agent manager");
		assert.ok(isChild(delegate, task));
		const analystChat = spans.find(
			(span) => span.name === "chat scripted" && span.attributes["gen_ai.agent.name"] === "analyst",
		);
		assert.ok(analystChat && isChild(analystChat, delegate));
	});
});
