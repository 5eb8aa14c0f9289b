import { type ContentWord, contentWords, readWords } from "./content-words.ts";
import { splitSentences } from "./split-sentences.ts";
import { negationWords } from "./stop-words.ts";

/**
 * How well passages support a sentence, without a model: a lexical measure with the checks
 * an entailment judge would make first. Both texts are read as content words (lowercased,
 * stop words removed, lightly stemmed; see `contentWords`), and the sentence is compared
 * with every window of one to three consecutive passage sentences; the score is the best
 * window's:
 *
 *     score = recall × 0.4^(missing numbers) × 0.5^(missing names) × 0.75^(missing initials)
 *                    × 0.5 if negation differs × 0.5 if direction differs
 *
 * - recall: the weighted share of the sentence's distinct content words found in the
 *   window, numbers, names and initials weighing 2 and other words 1. Words, names and
 *   initials match by stem or exactly; numbers ("40%", "2024", "1.5B", "three") only
 *   exactly, since a changed figure is the commonest unsupported claim.
 * - missing numbers and names (capitalised inside the sentence, acronyms, "OpenAI"): each
 *   one absent from the window multiplies the score by 0.4 or 0.5, so one changed figure
 *   keeps a sentence under the threshold whatever else it shares, and a swapped name
 *   nearly always does. A capitalised first word ("Australia", "Developers") may be a name
 *   or not; missing, it costs 0.75.
 * - negation: the window sentence sharing the most words with the sentence has a negation
 *   ("not", "no", "never", "without", "n't", …) and the sentence has none, or the reverse.
 * - direction: the sentence says a quantity goes one way ("increased", "higher") and that
 *   window sentence says only the other ("decreased", "lower").
 *
 * The score is in [0, 1]; a sentence without content words scores 0. It cannot see
 * synonyms ("car" for "vehicle"), so paraphrases in other words score low; it errs towards
 * calling a sentence unsupported. On the 40 labelled examples of `test/support/support-examples.ts`,
 * thresholds from 0.51 to 0.62 classify all correctly; `defaultSupportThreshold` is 0.55.
 */
export function supportScore(sentence: string, passages: string | readonly string[]): number {
	const claim = readClaim(sentence);
	if (claim.words.length === 0) return 0;
	const window = typeof passages === "string" ? [passages] : passages;
	const passageSentences = window.flatMap(readPassage);
	let best = 0;
	for (let start = 0; start < passageSentences.length; start++) {
		for (let size = 1; size <= maxWindow && start + size <= passageSentences.length; size++) {
			best = Math.max(best, scoreWindow(claim, passageSentences.slice(start, start + size)));
		}
	}
	return best;
}

/**
 * The score at or above which a sentence counts as supported: inside the range that
 * classifies the labelled examples best (their unsupported sentences score at most 0.50,
 * their supported ones at least 0.625).
 */
export const defaultSupportThreshold = 0.55;

/** Whether the passages support the sentence: `supportScore` at or above the threshold. */
export function isSupported(
	sentence: string,
	passages: readonly string[],
	threshold: number = defaultSupportThreshold,
): boolean {
	return supportScore(sentence, passages) >= threshold;
}

const maxWindow = 3;
const keyWeight = 2;
const missingNumberFactor = 0.4;
const missingNameFactor = 0.5;
const missingInitialFactor = 0.75;
const negationFactor = 0.5;
const directionFactor = 0.5;

/** Words saying a quantity goes up or down. */
const directions: Readonly<Record<"up" | "down", ReadonlySet<string>>> = {
	up: new Set(
		`increase increases increased increasing rise rises rose risen rising grow grows grew grown
		growing higher larger bigger faster expand expands expanded expanding gain gains gained`.split(
			/\s+/,
		),
	),
	down: new Set(
		`decrease decreases decreased decreasing fall falls fell fallen falling shrink shrinks shrank
		shrunk shrinking lower smaller slower decline declines declined declining drop drops dropped
		dropping reduce reduces reduced reducing`.split(/\s+/),
	),
};

interface ReadText {
	negated: boolean;
	up: boolean;
	down: boolean;
}

interface Claim extends ReadText {
	words: ContentWord[];
}

interface PassageSentence extends ReadText {
	stems: ReadonlySet<string>;
}

function scoreWindow(claim: Claim, window: readonly PassageSentence[]): number {
	let total = 0;
	let matched = 0;
	let missingNumbers = 0;
	let missingNames = 0;
	let missingInitials = 0;
	const matchesPerSentence = window.map(() => 0);
	for (const word of claim.words) {
		const weight = word.kind === "word" ? 1 : keyWeight;
		total += weight;
		let found = false;
		window.forEach((sentence, index) => {
			// A number's stem is the number itself, so numbers match only exactly.
			if (!sentence.stems.has(word.stem)) return;
			found = true;
			matchesPerSentence[index] = (matchesPerSentence[index] ?? 0) + weight;
		});
		if (found) matched += weight;
		else if (word.kind === "number") missingNumbers++;
		else if (word.kind === "name") missingNames++;
		else if (word.kind === "initial") missingInitials++;
	}
	const closest = window[matchesPerSentence.indexOf(Math.max(...matchesPerSentence))];
	let score =
		(matched / total) *
		missingNumberFactor ** missingNumbers *
		missingNameFactor ** missingNames *
		missingInitialFactor ** missingInitials;
	if (closest && closest.negated !== claim.negated) score *= negationFactor;
	if (closest && directionsConflict(claim, closest)) score *= directionFactor;
	return score;
}

function directionsConflict(claim: ReadText, passage: ReadText): boolean {
	return (claim.up && passage.down && !passage.up) || (claim.down && passage.up && !passage.down);
}

function readClaim(sentence: string): Claim {
	const seen = new Set<string>();
	const words = contentWords(sentence).filter((word) => {
		if (seen.has(word.exact)) return false;
		seen.add(word.exact);
		return true;
	});
	return { words, ...readPolarity(sentence) };
}

function readPolarity(text: string): ReadText {
	const words = readWords(text).map((word) => word.text);
	return {
		negated: words.some((word) => negationWords.has(word)),
		up: words.some((word) => directions.up.has(word)),
		down: words.some((word) => directions.down.has(word)),
	};
}

/** Passages already read, by text: the same passages are checked for many sentences. */
const passageCache = new Map<string, PassageSentence[]>();
const passageCacheSize = 256;

function readPassage(passage: string): PassageSentence[] {
	const cached = passageCache.get(passage);
	if (cached) return cached;
	const sentences = splitSentences(passage).map((sentence) => {
		return {
			stems: new Set(contentWords(sentence).map((word) => word.stem)),
			...readPolarity(sentence),
		};
	});
	if (passageCache.size >= passageCacheSize) passageCache.clear();
	passageCache.set(passage, sentences);
	return sentences;
}
