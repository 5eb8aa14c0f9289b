/**
 * Short texts cut from long ones without a model: a summary (the leading sentences) for
 * lists, and an excerpt (the sentences that best match a query) for prompts.
 */
import { contentWords } from "../report/content-words.ts";
import { splitSentences } from "../report/split-sentences.ts";

/** The leading sentences of `text` (markdown marks removed), at most `maxChars` long. */
export function summarizeText(text: string, maxChars = 240): string {
	return takeSentences(sentencesOf(text), 0, maxChars);
}

/**
 * The run of sentences of `text` that starts with the sentence sharing the most content
 * words (by stem) with `query`, at most `maxChars` long; the summary when none shares any.
 */
export function excerptFor(text: string, query: string, maxChars = 300): string {
	const sentences = sentencesOf(text);
	const wanted = new Set(contentWords(query).map((word) => word.stem));
	let best = -1;
	let bestShared = 0;
	for (const [index, sentence] of sentences.entries()) {
		const stems = new Set(contentWords(sentence).map((word) => word.stem));
		let shared = 0;
		for (const stem of stems) if (wanted.has(stem)) shared += 1;
		if (shared > bestShared) {
			best = index;
			bestShared = shared;
		}
	}
	return takeSentences(sentences, Math.max(best, 0), maxChars);
}

function sentencesOf(text: string): string[] {
	return splitSentences(text)
		.map((sentence) =>
			sentence
				.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, "")
				.replace(/(\*\*|__|`)/g, "")
				.replace(/\s+/g, " ")
				.trim(),
		)
		.filter((sentence) => sentence !== "");
}

function takeSentences(sentences: readonly string[], start: number, maxChars: number): string {
	let result = "";
	for (const sentence of sentences.slice(start)) {
		const next = result ? `${result} ${sentence}` : sentence;
		if (next.length > maxChars) {
			if (!result) return cut(sentence, maxChars);
			break;
		}
		result = next;
	}
	return result;
}

/** `text` cut at a word boundary to at most `maxChars` characters, ending in `…`. */
function cut(text: string, maxChars: number): string {
	const head = text.slice(0, Math.max(maxChars - 1, 1));
	const space = head.lastIndexOf(" ");
	return `${(space > maxChars / 2 ? head.slice(0, space) : head).trimEnd()}…`;
}
