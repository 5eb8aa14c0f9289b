/**
 * The candidate that `word` is most likely a misspelling of, or `undefined` when none is
 * close. Case, `-` versus `_` and camelCase versus snake_case do not count as differences
 * (`expectedOutput` and `Expected-Output` both match `expected_output`); otherwise a
 * candidate matches within a few edits (insertions, deletions, substitutions, swaps of
 * neighbours): 1 for words of up to 4 characters, 2 up to 8, 3 beyond.
 */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
	const normalized = normalize(word);
	const exact = candidates.find((candidate) => normalize(candidate) === normalized);
	if (exact !== undefined) return exact;
	const limit = normalized.length <= 4 ? 1 : normalized.length <= 8 ? 2 : 3;
	let best: string | undefined;
	let bestDistance = limit + 1;
	for (const candidate of candidates) {
		const target = normalize(candidate);
		// Words whose lengths differ by `bestDistance` or more cannot be closer: skipping them
		// only saves time (a key may be as long as the file).
		// Stryker disable next-line EqualityOperator,ConditionalExpression: `>` or never skipping gives the same answer, only slower
		if (Math.abs(target.length - normalized.length) >= bestDistance) continue;
		const distance = editDistance(normalized, target);
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}
	return best;
}

function normalize(word: string): string {
	return word
		.replace(/([a-z0-9])([A-Z])/g, "$1_$2")
		.toLowerCase()
		.replace(/[-\s]+/g, "_");
}

/** Optimal string alignment distance: Levenshtein plus swaps of adjacent characters. */
function editDistance(a: string, b: string): number {
	let beforePrevious: number[] = [];
	let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let distance = Math.min(
				(previous[j] ?? 0) + 1,
				(current[j - 1] ?? 0) + 1,
				(previous[j - 1] ?? 0) + cost,
			);
			// A swap of neighbours (an index before the start reads undefined, which matches nothing).
			if (a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				distance = Math.min(distance, (beforePrevious[j - 2] ?? 0) + 1);
			}
			current.push(distance);
		}
		beforePrevious = previous;
		previous = current;
	}
	return previous[b.length] ?? 0;
}
