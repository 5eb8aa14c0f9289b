import type { LanguageModelV4CallOptions, SharedV4Warning } from "@ai-sdk/provider";
import type { ChatHistoryItem, ChatModelFunctions, GbnfJsonSchema } from "node-llama-cpp";
import { convertPrompt } from "./convert-prompt.ts";
import { convertTools } from "./convert-tools.ts";
import { toGbnfJsonSchema } from "./to-gbnf-json-schema.ts";

/** Sampling settings in node-llama-cpp's terms; absent ones keep its defaults (greedy). */
export interface SamplingSettings {
	maxTokens?: number;
	temperature?: number;
	topP?: number;
	topK?: number;
	seed?: number;
	customStopTriggers?: string[];
	repeatPenalty?: { presencePenalty?: number; frequencyPenalty?: number };
}

/** Everything one call asks of the model, decided before the model is touched. */
export interface GenerationPlan {
	history: ChatHistoryItem[];
	/** Functions offered to the model; when set, `json` is `undefined`. */
	functions: ChatModelFunctions | undefined;
	/** Constrain the output to JSON: `schema` set to a schema, `undefined` for any JSON. */
	json: { schema: GbnfJsonSchema | undefined } | undefined;
	sampling: SamplingSettings;
	/** Send prompt-evaluation progress as `raw` parts (`includeRawChunks`; see prompt-progress.ts). */
	promptProgress: boolean;
	warnings: SharedV4Warning[];
}

/**
 * Turns AI SDK call options into a generation plan, with a warning for every setting the
 * embedded model cannot honour. `defaultSeed` is the model's seed, used when the call sets
 * none.
 */
export function planGeneration(
	options: LanguageModelV4CallOptions,
	defaultSeed?: number,
): GenerationPlan {
	const prompt = convertPrompt(options.prompt);
	const tools = convertTools(options.tools, options.toolChoice);
	const warnings = [...prompt.warnings, ...tools.warnings];

	let json: GenerationPlan["json"];
	if (options.responseFormat?.type === "json") {
		if (tools.functions) {
			warnings.push({
				type: "unsupported",
				feature: "responseFormat 'json' together with tools",
				details:
					"node-llama-cpp cannot constrain output while offering functions; the JSON is not enforced.",
			});
		} else if (options.responseFormat.schema === undefined) {
			json = { schema: undefined };
		} else {
			const { schema, ignoredKeywords } = toGbnfJsonSchema(options.responseFormat.schema);
			if (ignoredKeywords.length > 0) {
				warnings.push({
					type: "compatibility",
					feature: "responseFormat schema",
					details: `Not enforced by the grammar: ${ignoredKeywords.join(", ")}.`,
				});
			}
			json = { schema };
		}
	}

	const sampling: SamplingSettings = {};
	if (options.maxOutputTokens !== undefined) sampling.maxTokens = options.maxOutputTokens;
	if (options.temperature !== undefined) sampling.temperature = options.temperature;
	const seed = options.seed ?? defaultSeed;
	if (seed !== undefined) sampling.seed = seed;
	if (options.stopSequences && options.stopSequences.length > 0) {
		sampling.customStopTriggers = options.stopSequences;
	}
	const greedy = !(options.temperature !== undefined && options.temperature > 0);
	for (const name of ["topP", "topK"] as const) {
		const value = options[name];
		if (value === undefined) continue;
		sampling[name] = value;
		if (greedy) {
			warnings.push({
				type: "other",
				message: `${name} has no effect without a temperature above 0 (sampling is greedy).`,
			});
		}
	}
	if (options.presencePenalty !== undefined || options.frequencyPenalty !== undefined) {
		sampling.repeatPenalty = {};
		if (options.presencePenalty !== undefined) {
			sampling.repeatPenalty.presencePenalty = options.presencePenalty;
		}
		if (options.frequencyPenalty !== undefined) {
			sampling.repeatPenalty.frequencyPenalty = options.frequencyPenalty;
		}
	}
	if (
		options.reasoning !== undefined &&
		!["provider-default", "none"].includes(options.reasoning)
	) {
		warnings.push({
			type: "unsupported",
			feature: `reasoning '${options.reasoning}'`,
			details: "The embedded model decides itself whether to think.",
		});
	}
	return {
		history: prompt.history,
		functions: tools.functions,
		json,
		sampling,
		promptProgress: options.includeRawChunks === true,
		warnings,
	};
}
