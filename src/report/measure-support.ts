import type { ReportCheck } from "./check-report.ts";
import { citedNumbers } from "./parse-citations.ts";
import type { ListedSource } from "./parse-source-list.ts";
import { share } from "./share.ts";
import { splitSentences } from "./split-sentences.ts";
import { defaultSupportThreshold, supportScore } from "./support-score.ts";

/** The passages of each source by number: a map, or a function (which returns [] for none). */
export type SourcePassages =
	| ReadonlyMap<number, readonly string[]>
	| ((sourceNumber: number) => readonly string[]);

/** A cited sentence its cited passages do not support. */
export interface UnsupportedSentence {
	sentence: string;
	/** The numbers it cites. */
	sources: number[];
	/** Its support score against the passages of the listed sources it cites (0 when none). */
	score: number;
}

/** How many cited sentences their cited passages support. */
export interface SupportMetrics {
	/** Sentences with at least one citation that could be checked (see `unchecked`). */
	citedSentences: number;
	/** Those the passages of their cited sources support. */
	supported: number;
	/** `supported / citedSentences`; 0 when no sentence could be checked. */
	rate: number;
	/** Cited sentences left out: every source they cite is listed but has no passage to check against. */
	unchecked: number;
	/** The cited sentences found unsupported, in report order. */
	unsupported: UnsupportedSentence[];
}

/**
 * Checks every sentence that carries citations (in the introduction, the numbered sections
 * and the conclusion) against the passages of the listed sources it cites, with
 * `supportScore`. A sentence citing only numbers the Sources list lacks is unsupported;
 * one whose cited sources are all listed but none has a passage is unchecked, not counted.
 */
export function measureSupport(
	check: ReportCheck,
	sources: readonly ListedSource[],
	passages: SourcePassages,
	threshold: number = defaultSupportThreshold,
): SupportMetrics {
	const listed = new Set(sources.map((source) => source.number));
	const passagesOf = (number: number) =>
		typeof passages === "function" ? passages(number) : (passages.get(number) ?? []);
	const texts = [
		check.introduction,
		...check.sections.map((section) => section.body),
		check.conclusion,
	];
	let citedSentences = 0;
	let supported = 0;
	let unchecked = 0;
	const unsupported: UnsupportedSentence[] = [];
	for (const sentence of texts.flatMap(splitSentences)) {
		const numbers = citedNumbers(sentence);
		if (numbers.length === 0) continue;
		const resolved = numbers.filter((number) => listed.has(number));
		const cited = resolved.flatMap((number) => passagesOf(number));
		if (cited.length === 0 && resolved.length === numbers.length) {
			unchecked++;
			continue;
		}
		citedSentences++;
		const score = cited.length === 0 ? 0 : supportScore(sentence, cited);
		if (score >= threshold) supported++;
		else unsupported.push({ sentence, sources: numbers, score });
	}
	return {
		citedSentences,
		supported,
		rate: share(supported, citedSentences),
		unchecked,
		unsupported,
	};
}
