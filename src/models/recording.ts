import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";
import type { z } from "zod";
import { loadZod, onFirstUse } from "../zod/load-zod.ts";
import { promptText } from "./count-tokens.ts";

/** One recorded model call: which prompt (by hash) got which answer. */
export const recordedCallSchema = onFirstUse(() => {
	const z = loadZod();
	return z.object({
		model: z.string(),
		promptHash: z.string(),
		/** The end of the prompt, to tell a person which call this was. */
		promptTail: z.string(),
		response: z.object({
			text: z.string(),
			toolCalls: z.array(
				z.object({ toolCallId: z.string(), toolName: z.string(), input: z.string() }),
			),
			finishReason: z.enum([
				"stop",
				"length",
				"content-filter",
				"tool-calls",
				"error",
				"interrupted",
				"other",
			]),
			usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }),
		}),
	});
});

export const recordingSchema = onFirstUse(() => {
	const z = loadZod();
	return z.object({ version: z.literal(1), calls: z.array(recordedCallSchema()) });
});

export type RecordedCall = z.infer<ReturnType<typeof recordedCallSchema>>;
export type Recording = z.infer<ReturnType<typeof recordingSchema>>;

/** A stable hash of what determines a model's answer: prompt, tools and answer format. */
export function hashCall(call: LanguageModelV4CallOptions): string {
	const key = JSON.stringify({
		prompt: call.prompt,
		tools: call.tools ?? [],
		toolChoice: call.toolChoice ?? null,
		responseFormat: call.responseFormat ?? null,
	});
	// node:crypto on first use (process.getBuiltinModule), not with `import "crewkit"`.
	const { createHash } = process.getBuiltinModule("node:crypto");
	return createHash("sha256").update(key).digest("hex").slice(0, 32);
}

export function promptTail(call: LanguageModelV4CallOptions): string {
	return promptText(call.prompt).slice(-160);
}
