import { ConfigError } from "../errors.ts";

/**
 * Parses JSON with comments (`//`, `/* … *\/`) and trailing commas, as CrewAI's crew.jsonc
 * and agents/<name>.jsonc are written.
 * @throws ConfigError naming the file and the parser's complaint.
 */
export function parseJsonc(text: string, file: string): unknown {
	let output = "";
	let inString = false;
	for (let index = 0; index < text.length; index++) {
		const character = text[index] as string;
		const next = text[index + 1];
		if (inString) {
			output += character;
			if (character === "\\") {
				output += next ?? "";
				index++;
			} else if (character === '"') inString = false;
			continue;
		}
		if (character === '"') {
			inString = true;
			output += character;
		} else if (character === "/" && next === "/") {
			while (index < text.length && text[index] !== "\n") index++;
			output += "\n";
		} else if (character === "/" && next === "*") {
			const end = text.indexOf("*/", index + 2);
			const comment = text.slice(index, end < 0 ? text.length : end + 2);
			output += comment.replace(/[^\n]/g, " ");
			index = end < 0 ? text.length : end + 1;
		} else output += character;
	}
	const withoutTrailingCommas = output.replace(/,(\s*[}\]])/g, "$1");
	try {
		return JSON.parse(withoutTrailingCommas);
	} catch (error) {
		throw new ConfigError(
			`Not valid JSON: ${(error as Error).message}`,
			{ file },
			{ cause: error },
		);
	}
}
