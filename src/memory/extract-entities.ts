import { splitSentences } from "../report/split-sentences.ts";
import { stopWords } from "../report/stop-words.ts";

/** A name a text mentions, with the first sentence it appears in. */
export interface Entity {
	name: string;
	sentence: string;
	mentions: number;
}

/** Lowercase words allowed inside a name: "Bank of England", "Vincent van Gogh". */
const connectors = new Set(["of", "de", "van", "von", "der", "la", "le", "du", "&"]);
const capitalised = /^\p{Lu}/u;
const acronymOrMixed = /^(?=.*\p{Lu})[\p{Lu}\p{N}]{2,}s?$|\p{Ll}\p{Lu}/u;

/**
 * The names a text mentions, found without a model: runs of capitalised words ("Ada
 * Lovelace", "Bank of England"), acronyms ("NASA") and mixed-case words ("OpenAI"). A single
 * capitalised word that starts a sentence counts only if it is also capitalised elsewhere
 * mid-sentence; leading stop words ("The", "In") are dropped. Most mentioned first, then
 * in order of appearance; at most `max`.
 *
 * @example
 * extractEntities("Ada Lovelace wrote notes. Later, Lovelace met Babbage.")
 * // names: "Ada Lovelace", "Lovelace", "Babbage"
 */
export function extractEntities(text: string, max = 8): Entity[] {
	const sentences = splitSentences(text).map((sentence) =>
		sentence.replace(/(\*\*|__|`|\[\d+\])/g, "").trim(),
	);
	const tokenized = sentences.map(tokenize);
	const midSentence = new Set<string>();
	for (const tokens of tokenized) {
		for (const token of tokens.slice(1))
			if (capitalised.test(token.word)) midSentence.add(token.word);
	}
	const found = new Map<string, Entity>();
	for (const [index, tokens] of tokenized.entries()) {
		for (const run of nameRuns(tokens)) {
			const words = run.words;
			while (words.length && stopWords.has((words[0] as string).toLowerCase())) words.shift();
			while (words.length && connectors.has(words.at(-1) as string)) words.pop();
			if (words.length === 0) continue;
			const only = words[0] as string;
			if (
				words.length === 1 &&
				run.atStart &&
				!acronymOrMixed.test(only) &&
				!midSentence.has(only)
			) {
				continue;
			}
			if (words.length === 1 && (only.length < 2 || only === "I")) continue;
			const name = words.join(" ");
			const entity = found.get(name);
			if (entity) entity.mentions += 1;
			else found.set(name, { name, sentence: sentences[index] as string, mentions: 1 });
		}
	}
	return [...found.values()]
		.map((entity, order) => ({ entity, order }))
		.sort((left, right) => right.entity.mentions - left.entity.mentions || left.order - right.order)
		.slice(0, max)
		.map(({ entity }) => entity);
}

interface Token {
	word: string;
	/** Punctuation after the word ends a name ("Paris, France" is two names). */
	breaksAfter: boolean;
}

function tokenize(sentence: string): Token[] {
	const tokens: Token[] = [];
	for (const raw of sentence.split(/\s+/)) {
		const word = raw.replace(/^[^\p{L}\p{N}&]+|[^\p{L}\p{N}]+$/gu, "").replace(/['’]s$/, "");
		if (!word) continue;
		tokens.push({ word, breaksAfter: /[^\p{L}\p{N}'’.]$/u.test(raw) || /\.$/.test(raw) });
	}
	return tokens;
}

function* nameRuns(tokens: readonly Token[]): Generator<{ words: string[]; atStart: boolean }> {
	let words: string[] = [];
	let start = 0;
	for (const [index, token] of tokens.entries()) {
		const isName = capitalised.test(token.word) || acronymOrMixed.test(token.word);
		const joins =
			words.length > 0 &&
			connectors.has(token.word) &&
			capitalised.test(tokens[index + 1]?.word ?? "");
		if (isName || joins) {
			if (words.length === 0) start = index;
			words.push(token.word);
			if (!token.breaksAfter) continue;
		}
		if (words.length) yield { words, atStart: start === 0 };
		words = [];
	}
	if (words.length) yield { words, atStart: start === 0 };
}
