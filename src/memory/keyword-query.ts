import { stopWords } from "../report/stop-words.ts";

const wordPattern = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/**
 * The content words of a text as a keyword query (space-separated, for `toFtsQuery`):
 * stop words, one-letter words and repeats dropped, at most `maxWords` kept. A task's
 * description becomes the words that say what it is about.
 *
 * @example
 * keywordQuery("Write a short report on the history of Lutz") // "write short report history lutz"
 */
export function keywordQuery(text: string, maxWords = 32): string {
	const seen = new Set<string>();
	for (const match of text.matchAll(wordPattern)) {
		const word = match[0].toLowerCase().replace(/['’]s$/, "");
		if (stopWords.has(word) || (word.length < 2 && !/\d/.test(word)) || seen.has(word)) continue;
		seen.add(word);
		if (seen.size === maxWords) break;
	}
	return [...seen].join(" ");
}
