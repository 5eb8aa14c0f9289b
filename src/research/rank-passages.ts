import { contentWords } from "../report/content-words.ts";

/** A passage with its relevance to a query. */
export interface RankedPassage<P> {
	passage: P;
	score: number;
}

/**
 * Ranks passages by relevance to `query`, most relevant first: BM25's term weighting
 * (inverse document frequency over these passages, saturating term frequency, length
 * normalised) on content-word stems. Ties keep the passages' order; passages sharing no
 * word with the query score 0 and come last.
 */
export function rankPassages<P extends { text: string }>(
	passages: readonly P[],
	query: string,
): RankedPassage<P>[] {
	const queryStems = [...new Set(contentWords(query).map((word) => word.stem))];
	const documents = passages.map((passage) => {
		const counts = new Map<string, number>();
		const words = contentWords(passage.text);
		for (const word of words) counts.set(word.stem, (counts.get(word.stem) ?? 0) + 1);
		return { counts, length: words.length };
	});
	// Read only for a passage that holds a query word: never 0 then.
	const averageLength = documents.reduce((sum, doc) => sum + doc.length, 0) / documents.length;
	const idf = new Map(
		queryStems.map((stem) => {
			const containing = documents.filter((doc) => doc.counts.has(stem)).length;
			return [stem, Math.log(1 + (documents.length - containing + 0.5) / (containing + 0.5))];
		}),
	);
	const k1 = 1.2;
	const b = 0.75;
	return passages
		.map((passage, index) => {
			const doc = documents[index] as (typeof documents)[number];
			let score = 0;
			for (const stem of queryStems) {
				const frequency = doc.counts.get(stem) ?? 0;
				if (frequency === 0) continue;
				const norm = k1 * (1 - b + (b * doc.length) / averageLength);
				score += ((idf.get(stem) as number) * frequency * (k1 + 1)) / (frequency + norm);
			}
			return { passage, score, index };
		})
		.sort((x, y) => y.score - x.score || x.index - y.index)
		.map(({ passage, score }) => ({ passage, score }));
}

/**
 * Takes ranked items in order, at most `perGroup` from each group (source), so one long
 * source does not crowd out the others.
 */
export function diversify<Item>(
	ranked: readonly Item[],
	groupOf: (item: Item) => number,
	perGroup: number,
): Item[] {
	const taken = new Map<number, number>();
	const result: Item[] = [];
	for (const item of ranked) {
		const group = groupOf(item);
		const count = taken.get(group) ?? 0;
		if (count >= perGroup) continue;
		taken.set(group, count + 1);
		result.push(item);
	}
	return result;
}
