import type {
	LanguageModelV4CallOptions,
	LanguageModelV4FunctionTool,
	SharedV4Warning,
} from "@ai-sdk/provider";
import type { ChatModelFunctions } from "node-llama-cpp";
import { toGbnfJsonSchema } from "./to-gbnf-json-schema.ts";

/** The functions to offer the model, or `undefined` when it must answer in text. */
export interface ConvertedTools {
	functions: ChatModelFunctions | undefined;
	warnings: SharedV4Warning[];
}

/**
 * Converts AI SDK function tools to node-llama-cpp functions. The functions have no
 * handlers: node-llama-cpp stops when the model calls them and crewkit returns the calls
 * as `tool-call` parts for the caller to run.
 *
 * `toolChoice: 'none'` offers no functions. node-llama-cpp cannot force a call, so
 * `'required'` offers every tool and `{ type: 'tool' }` offers only the named one, each
 * with a warning that the model may still answer in text.
 */
export function convertTools(
	tools: LanguageModelV4CallOptions["tools"],
	toolChoice: LanguageModelV4CallOptions["toolChoice"],
): ConvertedTools {
	const warnings: SharedV4Warning[] = [];
	if (!tools || tools.length === 0 || toolChoice?.type === "none") {
		return { functions: undefined, warnings };
	}

	let offered: LanguageModelV4FunctionTool[] = [];
	for (const tool of tools) {
		if (tool.type === "function") offered.push(tool);
		else warnings.push({ type: "unsupported", feature: `provider tool '${tool.id}'` });
	}
	if (toolChoice?.type === "required") {
		warnings.push({
			type: "compatibility",
			feature: "toolChoice 'required'",
			details: "The embedded model is offered the tools but not forced to call one.",
		});
	} else if (toolChoice?.type === "tool") {
		offered = offered.filter((tool) => tool.name === toolChoice.toolName);
		warnings.push({
			type: "compatibility",
			feature: "toolChoice 'tool'",
			details: `Only '${toolChoice.toolName}' is offered; the model is not forced to call it.`,
		});
	}
	if (offered.length === 0) return { functions: undefined, warnings };

	const functions: Record<string, ChatModelFunctions[string]> = {};
	for (const tool of offered) {
		const { schema, ignoredKeywords } = toGbnfJsonSchema(tool.inputSchema);
		if (ignoredKeywords.length > 0) {
			warnings.push({
				type: "compatibility",
				feature: `input schema of tool '${tool.name}'`,
				details: `Not enforced while generating the call: ${ignoredKeywords.join(", ")}.`,
			});
		}
		functions[tool.name] =
			tool.description === undefined
				? { params: schema }
				: { description: tool.description, params: schema };
	}
	return { functions, warnings };
}
