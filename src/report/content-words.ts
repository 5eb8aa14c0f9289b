import { removeCitations } from "./parse-citations.ts";
import { negationWords, stopWords } from "./stop-words.ts";

/** A word of a text as read for matching, in order. */
export interface Word {
	/**
	 * Lowercased and normalised: possessive `'s` removed, `isn't` read as "is" + "not",
	 * numbers without thousands separators or `%` ("1,200" → "1200"), number words as
	 * digits ("three" → "3").
	 */
	text: string;
	/** Whether the word has a digit: counts, years, versions ("2024", "1.5b", "h100"). */
	numeric: boolean;
	/**
	 * Whether the word reads as a name: capitalised but not first in its sentence, or an
	 * acronym ("EU", "LLMs") or a mixed-case word ("OpenAI") anywhere.
	 */
	name: boolean;
	/** Whether the word is capitalised and first in its sentence, so may or may not be a name. */
	initial: boolean;
}

/** A word that carries content: not a stop word, not a negation. */
export interface ContentWord {
	/** The word's stem, which inflected forms share: "improv" for "improved" and "improvements". */
	stem: string;
	/** The normalised word, for exact matches: "openai", "2024". */
	exact: string;
	/**
	 * "number" for words with a digit, "name" for names, "initial" for a capitalised first
	 * word of a sentence that is not a stop word (a name or not: "Australia", "Developers"),
	 * "word" for the rest.
	 */
	kind: "number" | "name" | "initial" | "word";
}

const tokenPattern = /\d+(?:[.,]\d+)*[\p{L}%]*|\p{L}[\p{L}\p{N}]*(?:['’]\p{L}+)*/gu;
const numberWords: Readonly<Record<string, string>> = {
	two: "2",
	three: "3",
	four: "4",
	five: "5",
	six: "6",
	seven: "7",
	eight: "8",
	nine: "9",
	ten: "10",
	eleven: "11",
	twelve: "12",
	twenty: "20",
	thirty: "30",
	forty: "40",
	fifty: "50",
	hundred: "100",
};
/** What comes before a sentence's first word: an end mark, a paragraph break, a list marker. */
const sentenceStart = /(?:[.!?…]["'”’)\]]*|\n\s*\n|\n\s*(?:[-*+]|\d+[.)]))\s*["“‘(]?$/;
const textStart = /^\s*(?:[-*+]|\d+[.)])?\s*["“‘(]?$/;
/** Words read only as units of a number next to them. */
const unitWords = new Set(["percent", "percentage"]);

/**
 * Markdown reduced to its words: citations, link targets, URLs, HTML tags, emphasis and
 * code marks removed. A `*` with spaces on both sides (a list marker, "3 * 4") is kept, and
 * so are `<` and `>` that do not open a tag ("3 < 5").
 */
export function plainText(markdown: string): string {
	return removeCitations(markdown)
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
		.replace(/<?https?:\/\/[^\s<>)]*[^\s<>).,;:!?]>?/g, " ")
		.replace(/<\/?[a-z][^<>\n]*>/gi, " ")
		.replace(/[_~`]|\*(?!\s)|(?<=\S)\*/g, "")
		.replace(/^\s{0,3}#{1,6}\s+/gm, "");
}

/** The words of a text (markdown allowed), stop words included. */
export function readWords(text: string): Word[] {
	const plain = plainText(text);
	const words: Word[] = [];
	for (const match of plain.matchAll(tokenPattern)) {
		const raw = match[0].replace(/’/g, "'");
		const before = plain.slice(Math.max(0, match.index - 12), match.index);
		const startsSentence =
			(match.index <= 12 && textStart.test(before)) || sentenceStart.test(before);
		if (/^\d/.test(raw)) {
			const text = raw
				.toLowerCase()
				.replace(/(\d),(?=\d{3}\b)/g, "$1")
				.replace(/,/g, ".")
				.replace(/%$/, "");
			words.push({ text, numeric: true, name: false, initial: false });
			continue;
		}
		const [base, suffix] = splitContraction(raw);
		const lower = base.toLowerCase();
		const numberWord = numberWords[lower];
		const acronym = /^[\p{Lu}\p{N}]{2,}s?$/u.test(base);
		const mixedCase = /\p{Ll}\p{Lu}/u.test(base);
		const capitalised = /^\p{Lu}/u.test(base);
		const content = !numberWord && !stopWords.has(lower);
		const name = content && (acronym || mixedCase || (capitalised && !startsSentence));
		const initial = content && !name && capitalised && startsSentence;
		words.push({
			text: numberWord ?? lower,
			numeric: numberWord !== undefined || /\d/.test(lower),
			name,
			initial,
		});
		if (suffix) words.push({ text: suffix, numeric: false, name: false, initial: false });
	}
	return words;
}

/** The content words of a text: words that are not stop words, units or negations. */
export function contentWords(text: string): ContentWord[] {
	const words: ContentWord[] = [];
	for (const word of readWords(text)) {
		if (stopWords.has(word.text) || negationWords.has(word.text) || unitWords.has(word.text)) {
			continue;
		}
		if (word.text.length < 2 && !word.numeric) continue;
		const kind = word.numeric ? "number" : word.name ? "name" : word.initial ? "initial" : "word";
		words.push({ stem: stem(word.text), exact: word.text, kind });
	}
	return words;
}

const derivations: ReadonlyArray<readonly [string, string]> = [
	["ization", "ize"],
	["isation", "ize"],
	["ational", "ate"],
	["ation", "ate"],
	["ement", "e"],
	["ment", ""],
	["ness", ""],
	["ency", "ent"],
	["ancy", "ant"],
	["ence", "ent"],
	["ance", "ant"],
	["able", ""],
	["ible", ""],
	["ity", ""],
	["ive", ""],
	["ory", ""],
	["ous", ""],
	["ful", ""],
	["est", ""],
	["al", ""],
	["ly", ""],
	["er", ""],
	["or", ""],
];

/**
 * A light stemmer: removes plural and verb endings, then one derivational suffix, then a
 * final "e" or doubled consonant, so "improve", "improved", "improving" and "improvements"
 * share "improv", and "regulation", "regulatory" and "regulated" share "regulat". It
 * conflates more than Porter's and never splits forms a report would use for one idea.
 * Words of three letters or fewer and words with digits are kept as they are.
 */
export function stem(word: string): string {
	let result = word.toLowerCase();
	if (result.length <= 3 || /\d/.test(result)) return result;
	if (result.endsWith("ies") && result.length > 4) result = `${result.slice(0, -3)}y`;
	else if (result.endsWith("sses") || /(?:ches|shes|xes|zes)$/.test(result))
		result = result.slice(0, -2);
	else if (result.endsWith("s") && !/(?:ss|us|is)$/.test(result)) result = result.slice(0, -1);
	if (result.endsWith("ied") && result.length > 4) result = `${result.slice(0, -3)}y`;
	else if (result.endsWith("ing") && result.length >= 6) result = result.slice(0, -3);
	else if (result.endsWith("ed") && result.length >= 5) result = result.slice(0, -2);
	for (const [suffix, replacement] of derivations) {
		if (result.endsWith(suffix) && result.length - suffix.length >= 3) {
			result = result.slice(0, -suffix.length) + replacement;
			break;
		}
	}
	if (result.endsWith("y") && result.length > 3) result = `${result.slice(0, -1)}i`;
	if (result.endsWith("e") && result.length > 3) result = result.slice(0, -1);
	if (/([b-df-hj-np-tv-z])\1$/.test(result)) result = result.slice(0, -1);
	return result;
}

/** Negated auxiliaries whose positive form is not what precedes "n't". */
const irregularNegations: Readonly<Record<string, string>> = {
	"can't": "can",
	cannot: "can",
	"won't": "will",
	"shan't": "shall",
};

/** "isn't" → ["is", "not"], "Google's" → ["Google"], "can't" → ["can", "not"], "won't" → ["will", "not"]. */
function splitContraction(raw: string): [string, string | undefined] {
	const lower = raw.toLowerCase();
	const positive = irregularNegations[lower];
	if (positive !== undefined) return [positive, "not"];
	if (lower.endsWith("n't")) return [raw.slice(0, -3), "not"];
	return [raw.replace(/'(?:s|re|ve|ll|d|m)$/i, ""), undefined];
}
