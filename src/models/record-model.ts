import type { LanguageModelV4, LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { fromModelUsage } from "../usage.ts";
import { writeFileAtomic } from "../write-file-atomic.ts";
import type { CannedResponse } from "./model-response.ts";
import { hashCall, promptTail, type RecordedCall, type Recording } from "./recording.ts";

/** Collects the calls of the models it wraps, to save them for `replay:`. */
export interface Recorder {
	/** Wraps a model so that every call it answers is recorded. */
	wrap(model: LanguageModelV4): LanguageModelV4;
	readonly calls: readonly RecordedCall[];
	/** Writes the recording as JSON (atomically: a temp file renamed into place). */
	save(path: string): Promise<void>;
}

export function createRecorder(): Recorder {
	const calls: RecordedCall[] = [];
	const record = (
		model: LanguageModelV4,
		call: Parameters<LanguageModelV4["doStream"]>[0],
		response: CannedResponse,
	) =>
		calls.push({
			model: `${model.provider}:${model.modelId}`,
			promptHash: hashCall(call),
			promptTail: promptTail(call),
			response,
		});

	return {
		calls,
		wrap(model) {
			return {
				specificationVersion: "v4",
				provider: model.provider,
				modelId: model.modelId,
				supportedUrls: model.supportedUrls,
				async doGenerate(call) {
					const result = await model.doGenerate(call);
					const usage = fromModelUsage(result.usage);
					record(model, call, {
						text: result.content
							.flatMap((part) => (part.type === "text" ? [part.text] : []))
							.join(""),
						toolCalls: result.content.flatMap((part) =>
							part.type === "tool-call"
								? [{ toolCallId: part.toolCallId, toolName: part.toolName, input: part.input }]
								: [],
						),
						finishReason: result.finishReason.unified,
						usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens },
					});
					return result;
				},
				async doStream(call) {
					const result = await model.doStream(call);
					const response: CannedResponse = {
						text: "",
						toolCalls: [],
						finishReason: "other",
						usage: { inputTokens: 0, outputTokens: 0 },
					};
					const tap = new TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart>({
						transform(part, controller) {
							if (part.type === "text-delta") response.text += part.delta;
							if (part.type === "tool-call") {
								response.toolCalls.push({
									toolCallId: part.toolCallId,
									toolName: part.toolName,
									input: part.input,
								});
							}
							if (part.type === "finish") {
								const usage = fromModelUsage(part.usage);
								response.finishReason = part.finishReason.unified;
								response.usage = {
									inputTokens: usage.inputTokens,
									outputTokens: usage.outputTokens,
								};
								record(model, call, response);
							}
							controller.enqueue(part);
						},
					});
					return { ...result, stream: result.stream.pipeThrough(tap) };
				},
			};
		},
		async save(path) {
			const recording: Recording = { version: 1, calls };
			await writeFileAtomic(path, `${JSON.stringify(recording, null, "\t")}\n`);
		},
	};
}
