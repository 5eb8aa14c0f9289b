/**
 * Repairs JSON as small models write it for tool-call arguments and structured output:
 * wrapped in a code fence or prose, with trailing commas, single-quoted strings, unquoted
 * keys, Python `True`/`False`/`None`, comments, raw newlines in strings, or cut off before
 * its closing braces. Returns valid JSON text (unchanged when `text` already is valid), or
 * undefined when no object or array can be recovered.
 */
export function repairJson(text: string): string | undefined {
	if (isValidJson(text)) return text;
	// Repair tries up to `maxStarts` starts, each a pass over the text: bounded by its length.
	if (text.length > maxRepairChars) return undefined;
	const region = insideFence(text) ?? text;
	let tries = 0;
	for (let start = 0; start < region.length && tries < maxStarts; start++) {
		const character = region[start];
		if (character !== "{" && character !== "[") continue;
		tries++;
		const tokens = tokenize(region, start);
		if (!tokens) continue;
		const candidate = tokens.join("");
		if (isValidJson(candidate)) return JSON.stringify(JSON.parse(candidate));
	}
	return undefined;
}

/** Longest answer repaired; longer ones are used only when they are valid JSON as they are. */
const maxRepairChars = 1_000_000;

/** How many `{` or `[` in prose are tried as the start of the JSON. */
const maxStarts = 20;

function isValidJson(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}

function insideFence(text: string): string | undefined {
	const match = /```[\w-]*[^\S\n]*\n?([\s\S]*?)(?:```|$)/.exec(text);
	return match?.[1];
}

const words: Record<string, string> = {
	true: "true",
	True: "true",
	false: "false",
	False: "false",
	null: "null",
	None: "null",
	undefined: "null",
};

const escapes: Record<string, string> = {
	b: "\b",
	f: "\f",
	n: "\n",
	r: "\r",
	t: "\t",
	v: "\v",
	0: "\0",
};

/**
 * Reads one object or array from `start`, emitting strict JSON tokens. Stops after the
 * closing bracket (prose after it is ignored); at the end of the text, drops a dangling
 * comma or key and closes what is open. Undefined on anything it cannot make sense of.
 */
function tokenize(source: string, start: number): string[] | undefined {
	const tokens: string[] = [];
	const closers: string[] = [];
	let index = start;
	const inKeyPosition = () => closers.at(-1) === "}" && /^[{,]$/.test(tokens.at(-1) ?? "");
	while (index < source.length) {
		const character = source[index] ?? "";
		const rest = source.slice(index);
		if (/\s/.test(character)) {
			index++;
		} else if (character === "{" || character === "[") {
			closers.push(character === "{" ? "}" : "]");
			tokens.push(character);
			index++;
		} else if (character === "}" || character === "]") {
			if (closers.pop() !== character) return undefined;
			if (tokens.at(-1) === ",") tokens.pop();
			tokens.push(character);
			index++;
			if (closers.length === 0) return tokens;
		} else if (character === "," || character === ":") {
			tokens.push(character);
			index++;
		} else if (character === '"' || character === "'") {
			const { value, end, closed } = readString(source, index);
			if (closed) tokens.push(JSON.stringify(value)); // A string cut off is dropped, not guessed.
			index = end;
		} else if (rest.startsWith("//")) {
			const end = source.indexOf("\n", index);
			index = end < 0 ? source.length : end;
		} else if (rest.startsWith("/*")) {
			const end = source.indexOf("*/", index + 2);
			index = end < 0 ? source.length : end + 2;
		} else {
			const number = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(rest)?.[0];
			const word = /^[A-Za-z_$][\w$]*/.exec(rest)?.[0];
			if (number !== undefined) {
				tokens.push(String(Number(number)));
				index += number.length;
			} else if (word !== undefined && inKeyPosition()) {
				tokens.push(JSON.stringify(word));
				index += word.length;
			} else if (word !== undefined && words[word] !== undefined) {
				tokens.push(words[word]);
				index += word.length;
			} else {
				return undefined;
			}
		}
	}
	return closeTruncated(tokens, closers);
}

function readString(
	source: string,
	start: number,
): { value: string; end: number; closed: boolean } {
	const quote = source[start];
	let value = "";
	let index = start + 1;
	while (index < source.length) {
		const character = source[index] ?? "";
		if (character === quote) return { value, end: index + 1, closed: true };
		if (character === "\\") {
			const next = source[index + 1] ?? "";
			const unicode =
				next === "u" ? /^[0-9a-fA-F]{4}/.exec(source.slice(index + 2))?.[0] : undefined;
			if (unicode !== undefined) {
				value += String.fromCharCode(Number.parseInt(unicode, 16));
				index += 6;
				continue;
			}
			value += escapes[next] ?? next;
			index += 2;
			continue;
		}
		value += character;
		index++;
	}
	return { value, end: source.length, closed: false };
}

/** Drops what cannot be completed at the end of cut-off JSON, then closes what is open. */
function closeTruncated(tokens: string[], closers: string[]): string[] | undefined {
	if (closers.length === 0) return undefined;
	for (;;) {
		const last = tokens.at(-1);
		if (last === ",") tokens.pop();
		else if (last === ":") tokens.splice(-2, 2);
		else if (last?.startsWith('"') && isKeyPosition(tokens, tokens.length - 1)) tokens.pop();
		else break;
	}
	return [...tokens, ...closers.reverse()];
}

/** Whether the token at `position` is an object key (it follows `{` or a comma in an object). */
function isKeyPosition(tokens: string[], position: number): boolean {
	const before = tokens[position - 1];
	if (before === "{") return true;
	if (before !== ",") return false;
	let depth = 0;
	for (let index = position - 2; index >= 0; index--) {
		const token = tokens[index];
		if (token === "}" || token === "]") depth++;
		else if (token === "{" || token === "[") {
			if (depth === 0) return token === "{";
			depth--;
		}
	}
	return false;
}
