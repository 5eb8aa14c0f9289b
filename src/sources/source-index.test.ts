import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { rm, unlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { test } from "node:test";
import { corpusFiles, writeCorpus } from "../../test/support/test-corpus.ts";
import { ConfigError } from "../errors.ts";
import { type IngestFileEvent, openSourceIndex } from "./source-index.ts";

const files = {
	...corpusFiles,
	"nested/deep/faq.md": "# FAQ\n\nQuestions about the scheduler and its cron syntax.\n",
	".hidden/secret.md": "# Secret\n\nNever indexed.\n",
	"unicode.txt": "Ein Café in Zürich. 東京 notes. Ελληνικά text.\n",
};

async function withCorpus(run: (folder: string) => Promise<void>) {
	const folder = await writeCorpus(files);
	try {
		await run(folder);
	} finally {
		await rm(folder, { recursive: true, force: true });
	}
}

test("ingests markdown, text, HTML and PDF files and skips the rest with a reason", () =>
	withCorpus(async (folder) => {
		const index = openSourceIndex(":memory:");
		const events: IngestFileEvent[] = [];
		const result = await index.ingest(folder, { onFile: (event) => events.push(event) });
		assert.deepEqual(
			{ ...result, skipped: result.skipped.map((skip) => skip.path) },
			{ added: 6, updated: 0, unchanged: 0, removed: 0, skipped: [join(folder, "image.png")] },
		);
		assert.match(result.skipped[0]?.reason ?? "", /unsupported file type \.png/);
		assert.equal(events.length, 7);
		assert.deepEqual(events.at(-1), {
			path: join(folder, "unicode.txt"),
			done: 7,
			total: 7,
			status: "added",
			chunks: 1,
		});
		assert.deepEqual(index.stats(), { documents: 6, chunks: 11 });
		index.close();
	}));

test("finds chunks by BM25 with their file, title, location and a highlighted snippet", () =>
	withCorpus(async (folder) => {
		const index = openSourceIndex(":memory:");
		await index.ingest(folder);
		const [retry] = index.search("retried backoff");
		assert.deepEqual(retry && { ...retry, score: retry.score > 0 }, {
			path: join(folder, "guide.md"),
			title: "Crew guide",
			location: "Crew guide > Retry policy",
			text: "## Retry policy\n\nFailed model calls are retried with exponential backoff, honouring Retry-After.",
			snippet:
				"## **Retry** policy\n\nFailed model calls are **retried** with exponential **backoff**, honouring **Retry**-After.",
			score: true,
		});
		const [pdf] = index.search("corrupt sqlite file");
		assert.equal(pdf?.path, join(folder, "manual.pdf"));
		assert.equal(pdf?.title, "Operations Manual");
		assert.equal(pdf?.location, "p. 3");
		const [rollback, deploy] = index.search("rollback bundle");
		assert.equal(rollback?.location, "Rollback");
		assert.match(rollback?.text ?? "", /A rollback restores/);
		assert.equal(deploy?.location, undefined, "the page's lead paragraph, before any heading");
		assert.match(deploy?.text ?? "", /^Deploying a crew/);
		assert.equal(index.search("cron")[0]?.location, "FAQ");
		assert.equal(index.search("cafe")[0]?.path, join(folder, "unicode.txt"));
		assert.equal(index.search("Ελληνικά")[0]?.location, "line 1");
		assert.equal(index.search("secret never").length, 0);
		index.close();
	}));

test("a query from a model never breaks the FTS syntax", () =>
	withCorpus(async (folder) => {
		const index = openSourceIndex(":memory:");
		await index.ingest(folder);
		for (const query of [
			'"retry',
			"retry AND",
			"AND OR NOT",
			"backoff*",
			"-retry",
			"(retry",
			"retry)",
			"NEAR(a b)",
			"title:x",
			"東京",
			"",
			"***",
			"'; DROP TABLE documents; --",
		]) {
			assert.doesNotThrow(() => index.search(query), query);
		}
		assert.ok(index.search('"retry').length > 0);
		assert.ok(index.search("(retry)").length > 0);
		assert.deepEqual(index.search("***"), []);
		assert.equal(index.search("the a of and", { limit: 2 }).length, 2);
		// "the" is in more than half of the chunks, so it carries no BM25 weight and is dropped
		// when the query has other terms; alone, it still finds its chunks.
		assert.equal(index.search("the").length, 7);
		assert.deepEqual(index.search("the backoff"), index.search("backoff"));
		index.close();
	}));

test("a second ingest of unchanged files writes nothing", () =>
	withCorpus(async (folder) => {
		const databasePath = join(folder, ".index.sqlite");
		const index = openSourceIndex(databasePath);
		await index.ingest(folder);
		const observer = new DatabaseSync(databasePath, { readOnly: true });
		const dataVersion = () => observer.prepare("PRAGMA data_version").get()?.data_version;
		const rows = () => {
			const statement = observer.prepare("SELECT * FROM documents ORDER BY id");
			statement.setReadBigInts(true);
			return statement.all();
		};
		const before = { version: dataVersion(), rows: rows() };
		const second = await index.ingest(folder);
		assert.deepEqual(second, {
			added: 0,
			updated: 0,
			unchanged: 6,
			removed: 0,
			skipped: second.skipped,
		});
		assert.equal(second.skipped.length, 1);
		assert.equal(dataVersion(), before.version, "no other connection committed a write");
		assert.deepEqual(rows(), before.rows);
		observer.close();
		index.close();
	}));

test("re-indexes changed files, keeps touched ones, removes deleted ones", () =>
	withCorpus(async (folder) => {
		const index = openSourceIndex(":memory:");
		await index.ingest(folder);
		await writeFile(
			join(folder, "notes.txt"),
			"Plain notes about queues.\nThe queue lives in Redis.\n",
		);
		const later = new Date(Date.now() + 60_000);
		await utimes(join(folder, "guide.md"), later, later);
		await unlink(join(folder, "nested/deep/faq.md"));
		const events: IngestFileEvent[] = [];
		const result = await index.ingest(folder, { onFile: (event) => events.push(event) });
		assert.deepEqual(
			{ ...result, skipped: result.skipped.length },
			{ added: 0, updated: 1, unchanged: 4, removed: 1, skipped: 1 },
		);
		assert.deepEqual(events.at(-1), {
			path: join(folder, "nested/deep/faq.md"),
			done: 6,
			total: 6,
			status: "removed",
		});
		assert.deepEqual(index.search("caching"), []);
		assert.equal(index.search("redis queue")[0]?.path, join(folder, "notes.txt"));
		assert.deepEqual(index.search("cron"), []);
		assert.deepEqual(index.stats(), { documents: 5, chunks: 10 });
		const again = await index.ingest(folder);
		assert.equal(again.unchanged, 5);
		index.close();
	}));

test("ingests of sibling folders leave each other's documents alone", () =>
	withCorpus(async (folder) => {
		const index = openSourceIndex(":memory:");
		await index.ingest(join(folder, "nested"));
		const result = await index.ingest(folder);
		assert.equal(result.unchanged, 1);
		assert.equal(result.added, 5);
		const sub = await index.ingest(join(folder, "nested/deep"));
		assert.deepEqual(sub, { added: 0, updated: 0, unchanged: 1, removed: 0, skipped: [] });
		assert.equal(index.stats().documents, 6);
		index.close();
	}));

test("keeps the index in a file and rebuilds it when the chunking changes", () =>
	withCorpus(async (folder) => {
		const databasePath = join(folder, ".index.sqlite");
		const first = openSourceIndex(databasePath);
		await first.ingest(folder);
		first.close();
		const reopened = openSourceIndex(databasePath);
		assert.deepEqual(reopened.stats(), { documents: 6, chunks: 11 });
		assert.equal(reopened.search("backoff").length, 1);
		reopened.close();
		const rechunked = openSourceIndex(databasePath, { chunk: { size: 40, overlap: 10 } });
		assert.deepEqual(rechunked.stats(), { documents: 0, chunks: 0 });
		const result = await rechunked.ingest(folder);
		assert.equal(result.added, 6);
		assert.ok(rechunked.stats().chunks > 11);
		rechunked.close();
	}));

test("opens an index whose folder does not exist yet (a fresh workspace with no .crewkit/)", () =>
	withCorpus(async (folder) => {
		const databasePath = join(folder, "fresh", ".crewkit", "sources.db");
		const index = openSourceIndex(databasePath);
		await index.ingest(join(folder, "nested"));
		assert.deepEqual(index.stats(), { documents: 1, chunks: 1 });
		assert.equal(index.search("cron").length, 1);
		index.close();
		assert.ok(statSync(databasePath).isFile());
	}));

test("an ingest that fails part way leaves a consistent index", () =>
	withCorpus(async (folder) => {
		const index = openSourceIndex(":memory:");
		const failing = index.ingest(folder, {
			onFile: (event) => {
				if (event.done === 3) throw new Error("progress view crashed");
			},
		});
		await assert.rejects(failing, /progress view crashed/);
		const result = await index.ingest(folder);
		assert.equal(result.added + result.unchanged, 6);
		assert.equal(index.stats().documents, 6);
		index.close();
	}));

test("reports missing folders and oversized files clearly", () =>
	withCorpus(async (folder) => {
		const index = openSourceIndex(":memory:");
		await assert.rejects(index.ingest(join(folder, "missing")), (error: unknown) => {
			assert.ok(error instanceof ConfigError);
			assert.match(error.message, /Sources folder '.*missing' does not exist/);
			return true;
		});
		await assert.rejects(index.ingest(join(folder, "guide.md")), /is not a folder/);
		const result = await index.ingest(folder, { maxFileBytes: 100 });
		assert.ok(
			result.skipped.some(
				(skip) => skip.path.endsWith("manual.pdf") && /larger than 100 bytes/.test(skip.reason),
			),
		);
		index.close();
	}));

test("with allowFile, ingests one file in place of a folder, leaving the others alone", () =>
	withCorpus(async (folder) => {
		const index = openSourceIndex(":memory:");
		await index.ingest(folder);
		const file = join(folder, "notes.txt");
		await assert.rejects(index.ingest(file), /is not a folder/);
		assert.deepEqual(await index.ingest(file, { allowFile: true }), {
			added: 0,
			updated: 0,
			unchanged: 1,
			removed: 0,
			skipped: [],
		});
		await unlink(file);
		await writeFile(file, "Now about queues.");
		assert.equal((await index.ingest(file, { allowFile: true })).updated, 1);
		assert.equal(index.stats().documents, 6);
		await unlink(file);
		assert.equal((await index.ingest(file, { allowFile: true })).removed, 1);
		assert.equal(index.stats().documents, 5);
		await assert.rejects(index.ingest(file, { allowFile: true }), /does not exist/);
		index.close();
	}));

test("refuses a second ingest while one is running", () =>
	withCorpus(async (folder) => {
		const index = openSourceIndex(":memory:");
		const first = index.ingest(folder);
		await assert.rejects(index.ingest(folder), /already ingesting/);
		assert.equal((await first).added, 6);
		index.close();
	}));
