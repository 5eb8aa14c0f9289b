import type { LanguageModelV4Prompt } from "@ai-sdk/provider";

/** A message as the GenAI conventions record it in `gen_ai.input.messages`. */
interface SemconvMessage {
	role: string;
	parts: Array<Record<string, unknown>>;
	finish_reason?: string;
}

/** A prompt in the conventions' message format (recorded only with `recordContent`). */
export function inputMessages(prompt: LanguageModelV4Prompt): SemconvMessage[] {
	return prompt.map((message): SemconvMessage => {
		if (message.role === "system") {
			return { role: "system", parts: [{ type: "text", content: message.content }] };
		}
		const parts = message.content.map((part): Record<string, unknown> => {
			switch (part.type) {
				case "text":
					return { type: "text", content: part.text };
				case "tool-call":
					return {
						type: "tool_call",
						id: part.toolCallId,
						name: part.toolName,
						arguments: part.input,
					};
				case "tool-result":
					return {
						type: "tool_call_response",
						id: part.toolCallId,
						response: "value" in part.output ? part.output.value : part.output,
					};
				default:
					return { type: part.type };
			}
		});
		return { role: message.role, parts };
	});
}

/** A model's answer in the conventions' message format. */
export function outputMessages(
	response: {
		text: string;
		toolCalls: Array<{ toolCallId: string; toolName: string; input: string }>;
	},
	finishReason: string,
): SemconvMessage[] {
	return [
		{
			role: "assistant",
			parts: [
				...(response.text ? [{ type: "text", content: response.text }] : []),
				...response.toolCalls.map((call) => ({
					type: "tool_call",
					id: call.toolCallId,
					name: call.toolName,
					arguments: call.input,
				})),
			],
			finish_reason: finishReason,
		},
	];
}
