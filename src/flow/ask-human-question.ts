import type { z } from "zod";
import { ConfigError } from "../errors.ts";
import type { AskHumanOptions, HumanQuestion } from "../human/human-question.ts";
import { toJsonSchema } from "../tools/json-schema.ts";
import { loadZod } from "../zod/load-zod.ts";

/** `askHuman`'s options as a stored question (the schema as JSON Schema). */
export function toHumanQuestion(
	options: AskHumanOptions,
	place: { key: string; step: string },
): Omit<HumanQuestion, "deadline"> {
	if (!options.prompt?.trim())
		throw new ConfigError(`askHuman in step '${place.step}' needs a prompt.`);
	const hasDefault = "default" in options && options.default !== undefined;
	if (options.timeoutMs !== undefined && !hasDefault) {
		throw new ConfigError(
			`askHuman in step '${place.step}': a timeoutMs needs a default answer to take when the time is up.`,
		);
	}
	if (options.type === "choose" && (options.choices?.length ?? 0) === 0)
		throw new ConfigError(`askHuman in step '${place.step}': a 'choose' question needs choices.`);
	return {
		key: place.key,
		type: options.type,
		prompt: options.prompt,
		step: place.step,
		hasDefault,
		...(hasDefault ? { default: options.default } : {}),
		...(options.type === "choose" ? { choices: [...options.choices] } : {}),
		...(options.type === "text" && options.schema ? { schema: toJsonSchema(options.schema) } : {}),
	};
}

/** Checks a stored or given answer against `askHuman`'s own schema (typed result). */
export function checkAnswer(options: AskHumanOptions, answer: unknown): unknown {
	if (options.type !== "text" || !options.schema) return answer;
	const parsed = (options.schema as z.ZodType).safeParse(answer);
	if (parsed.success) return parsed.data;
	throw new ConfigError(
		`The answer to '${options.prompt}' does not fit its schema: ${loadZod().prettifyError(parsed.error)}`,
	);
}
