import { ConfigError } from "../errors.ts";

/** Largest YAML file crewkit parses: crew definitions are a few kilobytes. */
export const maxYamlBytes = 1_000_000;
/** Deepest `[` / `{` nesting a YAML file may have (the parser recurses per level). */
export const maxYamlFlowDepth = 100;

/**
 * Refuses a YAML text too large or too deeply nested to parse quickly, before the
 * parser sees it. (Alias bombs are stopped by the yaml library's alias count.)
 * @throws ConfigError naming the file and the limit.
 */
export function assertYamlWithinLimits(source: { path: string; text: string }): void {
	if (source.text.length > maxYamlBytes) {
		throw new ConfigError(
			`The file has ${source.text.length} characters, over the limit of ${maxYamlBytes} for a YAML file; crew definitions are small: check it is the right file.`,
			{ file: source.path },
		);
	}
	let depth = 0;
	let line = 1;
	let quote: string | undefined;
	for (const character of source.text) {
		if (character === "\n") {
			line++;
			quote = undefined;
		} else if (quote) {
			if (character === quote) quote = undefined;
		} else if (character === '"' || character === "'") {
			quote = character;
		} else if (character === "#") {
			quote = "\n";
		} else if (character === "[" || character === "{") {
			depth++;
			if (depth > maxYamlFlowDepth) {
				throw new ConfigError(
					`Brackets are nested more than ${maxYamlFlowDepth} levels deep; flatten the structure.`,
					{ file: source.path, line },
				);
			}
		} else if (character === "]" || character === "}") {
			depth = Math.max(0, depth - 1);
		}
	}
}
