import { open } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../../write-file-atomic.ts";
import type { QuantTagUri } from "./model-source.ts";

/**
 * Which file each quant-tag URI resolved to, kept in the model cache
 * (`<cache>/hf-quant-tags.json`) so that a model resolved and downloaded once runs again
 * without asking the Hub: `{ "version": 1, "entries": { "owner/repo:Q4_K_M#main":
 * { "path": "…Q4_K_M.gguf", "resolvedAt": "2026-12-05T07:00:00.000Z" } } }`. Small and
 * bounded: at most `maxEntries` (the oldest go first), and a file past `maxBytes` or of
 * another shape is ignored (and replaced at the next write).
 */
export const quantTagCacheFile = "hf-quant-tags.json";

const maxEntries = 200;
const maxBytes = 256 * 1024;

const entrySchema = z.object({
	path: z.string().regex(/^(?!.*(?:^|\/)\.\.?(?:\/|$))[^\\\0]+\.gguf$/i),
	resolvedAt: z.string(),
});
const cacheSchema = z.object({ version: z.literal(1), entries: z.record(z.string(), entrySchema) });
type Entries = z.infer<typeof cacheSchema>["entries"];

/**
 * The key of `uri`: its repository, its tag upper-cased (tags match case-insensitively),
 * or none for the default quantisation, and its revision: `owner/repo:Q8_0#main`, `owner/repo#main`.
 */
export function quantTagKey(uri: QuantTagUri): string {
	return `${uri.owner}/${uri.repo}${uri.tag ? `:${uri.tag.toUpperCase()}` : ""}#${uri.revision}`;
}

/** The path in its repository that `uri` resolved to before, if it is recorded. */
export async function cachedQuantFile(
	cacheDir: string,
	uri: QuantTagUri,
): Promise<string | undefined> {
	return (await readEntries(cacheDir))[quantTagKey(uri)]?.path;
}

/** Records that `uri` resolved to `file` (a path in its repository). */
export async function recordQuantFile(
	cacheDir: string,
	uri: QuantTagUri,
	file: string,
): Promise<void> {
	const entries = await readEntries(cacheDir);
	entries[quantTagKey(uri)] = { path: file, resolvedAt: new Date().toISOString() };
	const kept = Object.entries(entries)
		.sort(([, a], [, b]) => b.resolvedAt.localeCompare(a.resolvedAt))
		.slice(0, maxEntries);
	// Written aside and renamed, so a reader never sees half a file.
	await writeFileAtomic(
		path.join(cacheDir, quantTagCacheFile),
		`${JSON.stringify({ version: 1, entries: Object.fromEntries(kept) }, null, "\t")}\n`,
	);
}

async function readEntries(cacheDir: string): Promise<Entries> {
	const handle = await open(path.join(cacheDir, quantTagCacheFile), "r").catch(() => undefined);
	if (!handle) return {};
	try {
		const buffer = Buffer.alloc(maxBytes + 1);
		const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
		if (bytesRead > maxBytes) return {};
		const parsed = cacheSchema.safeParse(JSON.parse(buffer.toString("utf8", 0, bytesRead)));
		return parsed.success ? parsed.data.entries : {};
	} catch {
		return {};
	} finally {
		await handle.close();
	}
}
