/**
 * Source index benchmark: ingest 10,000 generated documents, query them, ingest again.
 * Run with `node bench/source-index.bench.ts` (add `--documents 2000` for a quicker run).
 * The documents are pseudo-random text from a seeded generator, the same on every run.
 */
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { openSourceIndex } from "../src/sources/index.ts";

const { values } = parseArgs({
	options: {
		documents: { type: "string", default: "10000" },
		queries: { type: "string", default: "200" },
		keep: { type: "boolean", default: false },
	},
});
const documentCount = Number(values.documents);
const queryCount = Number(values.queries);

/** mulberry32: a small seeded generator, so every run indexes the same corpus. */
function createRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let value = state;
		value = Math.imul(value ^ (value >>> 15), value | 1);
		value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
		return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
	};
}

/** Real words first (the most frequent), then made-up ones, drawn by Zipf's law like text. */
const realWords = (
	"the a of and to in is for on with as by at from that this it be are was were an or which " +
	"agent crew task model tool source index query report section citation passage chunk token " +
	"retry backoff queue worker redis sqlite search ranking result latency memory cache store run " +
	"event stream progress dashboard server client request response error limit budget cost usage " +
	"prompt context window schema config yaml file folder document page heading paragraph sentence " +
	"word text markdown html pdf table figure claim evidence support coverage precision recall " +
	"benchmark measure median percentile throughput scale replay record deterministic test check " +
	"research analyst writer editor reviewer planner topic summary finding trend development risk " +
	"open weights inference quantized embedded local remote provider endpoint key secret network " +
	"café zürich naïve résumé 東京 données straße"
).split(" ");

function createVocabulary(random: () => number, size: number): string[] {
	const syllables = [
		"ka",
		"to",
		"mi",
		"re",
		"su",
		"la",
		"no",
		"pe",
		"ri",
		"do",
		"va",
		"en",
		"or",
		"is",
		"an",
		"ul",
		"ex",
		"tra",
		"con",
		"ing",
		"ble",
		"ment",
		"sh",
		"qu",
	];
	const vocabulary = [...realWords];
	const seen = new Set(vocabulary);
	while (vocabulary.length < size) {
		const length = 2 + Math.floor(random() * 3);
		const word = Array.from({ length }, () => pick(random, syllables)).join("");
		if (!seen.has(word)) {
			seen.add(word);
			vocabulary.push(word);
		}
	}
	return vocabulary;
}

/** Draws words with probability proportional to 1 / rank. */
function createWordSampler(random: () => number, vocabulary: readonly string[]): () => string {
	const cumulative: number[] = [];
	let total = 0;
	for (let rank = 1; rank <= vocabulary.length; rank += 1) {
		total += 1 / rank;
		cumulative.push(total);
	}
	return () => {
		const target = random() * total;
		let low = 0;
		let high = cumulative.length - 1;
		while (low < high) {
			const middle = (low + high) >> 1;
			if ((cumulative[middle] ?? 0) < target) low = middle + 1;
			else high = middle;
		}
		return vocabulary[low] as string;
	};
}

function pick<T>(random: () => number, items: readonly T[]): T {
	return items[Math.floor(random() * items.length)] as T;
}

const vocabulary = createVocabulary(createRandom(1), 20_000);

function sentence(random: () => number, word: () => string): string {
	const length = 6 + Math.floor(random() * 14);
	const parts = Array.from({ length }, word);
	const text = parts.join(" ");
	return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function paragraph(random: () => number, word: () => string): string {
	return Array.from({ length: 2 + Math.floor(random() * 6) }, () => sentence(random, word)).join(
		" ",
	);
}

function generateDocument(
	random: () => number,
	word: () => string,
	index: number,
): { name: string; text: string } {
	const paragraphCount = 2 + Math.floor(random() * 14);
	if (index % 10 < 3) {
		const text = Array.from({ length: paragraphCount }, () => paragraph(random, word)).join("\n\n");
		return { name: `note-${index}.txt`, text: `${text}\n` };
	}
	const lines = [`# ${sentence(random, word).slice(0, -1)}`, ""];
	for (let count = 0; count < paragraphCount; count += 1) {
		if (count > 0 && random() < 0.3) lines.push(`## ${word()} ${word()}`, "");
		lines.push(paragraph(random, word), "");
	}
	return { name: `doc-${index}.md`, text: lines.join("\n") };
}

function percentile(sorted: readonly number[], fraction: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

async function sizeOf(path: string): Promise<number> {
	const sizes = await Promise.all(
		["", "-wal", "-shm"].map((suffix) =>
			stat(path + suffix).then(
				(stats) => stats.size,
				() => 0,
			),
		),
	);
	return sizes.reduce((sum, size) => sum + size, 0);
}

const workFolder = await mkdtemp(join(tmpdir(), "crewkit-bench-sources-"));
try {
	const corpus = join(workFolder, "docs");
	const random = createRandom(20261122);
	const word = createWordSampler(random, vocabulary);
	let corpusBytes = 0;
	let started = performance.now();
	for (let folder = 0; folder * 100 < documentCount; folder += 1) {
		const folderPath = join(corpus, `part-${String(folder).padStart(3, "0")}`);
		await mkdir(folderPath, { recursive: true });
		const writes: Promise<void>[] = [];
		for (
			let index = folder * 100;
			index < Math.min(documentCount, (folder + 1) * 100);
			index += 1
		) {
			const { name, text } = generateDocument(random, word, index);
			corpusBytes += Buffer.byteLength(text);
			writes.push(writeFile(join(folderPath, name), text));
		}
		await Promise.all(writes);
	}
	const generateMs = performance.now() - started;

	const databasePath = join(workFolder, "sources.sqlite");
	let index = openSourceIndex(databasePath);
	started = performance.now();
	const first = await index.ingest(corpus);
	const ingestMs = performance.now() - started;
	const { chunks } = index.stats();

	const queryRandom = createRandom(7);
	const queryWord = createWordSampler(queryRandom, vocabulary);
	const latencies: number[] = [];
	let hits = 0;
	for (let count = 0; count < queryCount; count += 1) {
		const terms = Array.from({ length: 2 + Math.floor(queryRandom() * 4) }, queryWord);
		if (count % 20 === 0) terms.push('"AND (', "-*");
		const query = terms.join(" ");
		const queryStarted = performance.now();
		hits += index.search(query, { limit: 10 }).length;
		latencies.push(performance.now() - queryStarted);
	}
	latencies.sort((left, right) => left - right);
	index.close();
	const indexBytes = await sizeOf(databasePath);

	started = performance.now();
	index = openSourceIndex(databasePath);
	const second = await index.ingest(corpus);
	const reingestMs = performance.now() - started;
	index.close();
	if (first.added !== documentCount || second.unchanged !== documentCount) {
		throw new Error(`Unexpected ingest results: ${JSON.stringify({ first, second })}`);
	}

	const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
	const cpu = cpus()[0]?.model ?? "unknown CPU";
	console.log(
		`Source index: ${documentCount.toLocaleString("en")} documents (${megabytes(corpusBytes)} MB of markdown and text, generated in ${(generateMs / 1000).toFixed(1)} s), ${chunks.toLocaleString("en")} chunks.`,
	);
	console.log(
		`Node ${process.versions.node}, SQLite ${process.versions.sqlite}, ${cpus().length} × ${cpu}.\n`,
	);
	console.log("| measure | value |");
	console.log("|---|---|");
	console.log(
		`| ingest | ${(ingestMs / 1000).toFixed(2)} s (${Math.round((documentCount / ingestMs) * 1000).toLocaleString("en")} documents/s, ${(corpusBytes / 1024 / 1024 / (ingestMs / 1000)).toFixed(1)} MB/s) |`,
	);
	console.log(
		`| index size on disk | ${megabytes(indexBytes)} MB (${(indexBytes / corpusBytes).toFixed(2)} × the text) |`,
	);
	console.log(
		`| query p50 / p95 (${queryCount} queries, limit 10) | ${percentile(latencies, 0.5).toFixed(2)} ms / ${percentile(latencies, 0.95).toFixed(2)} ms (${(hits / queryCount).toFixed(1)} hits per query) |`,
	);
	console.log(`| re-ingest, all unchanged (open + ingest) | ${(reingestMs / 1000).toFixed(2)} s |`);
	console.log(`| re-ingest / ingest | ${(reingestMs / ingestMs).toFixed(3)} |`);
} finally {
	if (values.keep) console.log(`\nKept ${workFolder}`);
	else await rm(workFolder, { recursive: true, force: true });
}
