import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { z } from "zod";
import { callModel } from "../agent/call-model.ts";
import { parseAnswer } from "../agent/parse-answer.ts";
import { toJsonSchema } from "../tools/json-schema.ts";
import type { Usage } from "../usage.ts";
import { loadZod, onFirstUse } from "../zod/load-zod.ts";

/** The judge's answer: a grade from 1 to 10 and why (made on first use: see judge-verdict-schema.ts). */
export const judgeVerdict = onFirstUse(() => {
	const z = loadZod();
	return z.object({
		score: z.number().int().min(1).max(10).describe("1 = useless, 10 = could not be better"),
		reason: z.string().describe("one or two sentences on what decided the score"),
	});
});

export type JudgeVerdict = z.infer<ReturnType<typeof judgeVerdict>>;

/** What the judge is shown. */
export interface JudgeInput {
	description: string;
	expectedOutput: string;
	answer: string;
}

/** The judge's prompt, next to the schema of the answer it asks for. */
export const judgePrompt = (input: JudgeInput): string => `You grade the work of an AI agent.

The task it was given:
${input.description}

What the answer should be:
${input.expectedOutput}

Its answer:
<answer>
${input.answer}
</answer>

Grade the answer from 1 to 10: does it do the task, in the expected form, without claims it cannot back up? Reply with a JSON object {"score": <1-10>, "reason": "<why>"} and nothing else.`;

/**
 * Asks a model to grade an answer from 1 to 10, with a JSON-schema constrained reply. A
 * reply that does not parse is asked for once more; after that the verdict is `undefined`.
 */
export async function judgeAnswer(
	model: LanguageModelV4,
	input: JudgeInput,
	signal?: AbortSignal,
): Promise<{ verdict: JudgeVerdict | undefined; usage: Usage[] }> {
	const usage: Usage[] = [];
	const prompt = [
		{ role: "user" as const, content: [{ type: "text" as const, text: judgePrompt(input) }] },
	];
	for (let attempt = 0; attempt < 2; attempt++) {
		const response = await callModel(
			model,
			{
				prompt,
				responseFormat: { type: "json", schema: toJsonSchema(judgeVerdict()) },
				...(signal ? { abortSignal: signal } : {}),
			},
			() => {},
		);
		usage.push(response.usage);
		const parsed = parseAnswer(response.text, judgeVerdict());
		if (parsed.ok) return { verdict: parsed.value, usage };
	}
	return { verdict: undefined, usage };
}
