import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { formatIssues } from "../agent/parse-answer.ts";
import { ConfigError } from "../errors.ts";

/** What to tell the user when a JSON file cannot be used. */
export interface JsonFileMessages {
	/** The file cannot be read, e.g. "Cannot read the recording 'x.json'. Record one with: …". */
	unreadable: string;
	/** The JSON does not match the schema; gets the issues, e.g. "calls.0: Required". */
	mismatch: (issues: string) => string;
}

/**
 * Reads a JSON file and checks it against `schema`.
 * @throws ConfigError with `messages.unreadable`, "'path' is not valid JSON: …", or
 *   `messages.mismatch(issues)`.
 */
export async function readJsonFile<Schema extends z.ZodType>(
	path: string,
	schema: Schema,
	messages: JsonFileMessages,
): Promise<z.output<Schema>> {
	let text: string;
	try {
		text = await readFile(path, "utf8");
	} catch {
		throw new ConfigError(messages.unreadable);
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		// JSON.parse's message quotes the text around the fault: say only where it is, so a
		// file that is not meant to be read (a model string pointing at a system file) is not
		// shown.
		const position = /position (\d+)/.exec((error as Error).message)?.[1];
		throw new ConfigError(
			`'${path}' is not valid JSON${position === undefined ? "" : ` (at character ${position})`}.`,
			{ file: path },
		);
	}
	const parsed = schema.safeParse(data);
	if (!parsed.success) {
		throw new ConfigError(messages.mismatch(formatIssues(parsed.error.issues)), { file: path });
	}
	return parsed.data;
}
