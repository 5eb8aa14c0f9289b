import { MissingInputError } from "../errors.ts";

/**
 * The placeholder rule, the same as CrewAI's: `{name}` where `name` starts with a letter or
 * `_` and continues with letters, digits, `_` or `-`. Nothing else in braces is a
 * placeholder, so JSON examples (`{"a": 1}`), `{ spaced }`, `{1}` and empty `{}` stay as
 * written. There is no escape syntax: `{{topic}}` contains the placeholder `{topic}`.
 */
const placeholderPattern = /\{([A-Za-z_][A-Za-z0-9_-]*)\}/g;

/** The names of the `{name}` placeholders in `text`, each once, in order of first use. */
export function collectPlaceholders(text: string): string[] {
	const names = new Set<string>();
	for (const placeholder of text.match(placeholderPattern) ?? [])
		names.add(placeholder.slice(1, -1));
	return [...names];
}

/**
 * Replaces every `{name}` placeholder in `text` with `inputs[name]` (see
 * `collectPlaceholders` for what counts as a placeholder). Values are inserted as written
 * and never scanned for placeholders themselves.
 *
 * @param where Where `text` comes from, for the error message, e.g.
 *   "the goal of agent 'researcher' (agents.yaml:4:3)".
 * @throws MissingInputError naming the first input that `inputs` lacks and `where`.
 */
export function fillPlaceholders(
	text: string,
	inputs: Record<string, string | number | boolean>,
	where: string,
): string {
	return text.replace(placeholderPattern, (_placeholder, name: string) => {
		if (!Object.hasOwn(inputs, name)) throw new MissingInputError(name, [where]);
		return String(inputs[name]);
	});
}
