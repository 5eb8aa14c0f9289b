/**
 * Maps items through an async function, at most `concurrency` at a time, keeping input
 * order: the "Promise.all with a limiter" a user writes for frameworks without a batch API.
 */
export async function mapWithConcurrency<Item, Result>(
	items: readonly Item[],
	concurrency: number,
	map: (item: Item, index: number) => Promise<Result>,
): Promise<Result[]> {
	const results: Result[] = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await map(items[index] as Item, index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
	return results;
}
