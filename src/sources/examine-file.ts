import { readFile, stat } from "node:fs/promises";
import { type ChunkOptions, chunkText } from "./chunk-text.ts";
import { documentFormatOf, readDocument } from "./read-document.ts";
import type { DocumentRecord, KnownFile } from "./source-index-store.ts";

/** What an ingest has to do about one file. */
export type FileOutcome =
	| { status: "added" | "updated"; record: DocumentRecord }
	| { status: "unchanged"; touched?: { mtimeNs: bigint; checkedAtNs: bigint } }
	| { status: "skipped"; reason: string };

export interface ExamineOptions {
	maxFileBytes: number;
	chunk: ChunkOptions;
}

/**
 * Decides whether a file needs indexing, and if so reads and chunks it. A file with the
 * size and modification time the index knows is unchanged without being read; otherwise
 * its SHA-256 decides (a touched file with the same content is unchanged, with a new time).
 */
export async function examineFile(
	path: string,
	known: KnownFile | undefined,
	options: ExamineOptions,
): Promise<FileOutcome> {
	if (documentFormatOf(path) === undefined) {
		const read = await readDocument(path);
		return { status: "skipped", reason: read.type === "skipped" ? read.reason : "unsupported" };
	}
	const checkedAtNs = BigInt(Date.now()) * 1_000_000n;
	try {
		const stats = await stat(path, { bigint: true });
		const size = Number(stats.size);
		const { mtimeNs } = stats;
		if (size > options.maxFileBytes) {
			return { status: "skipped", reason: `larger than ${options.maxFileBytes} bytes` };
		}
		if (known && known.size === size && known.mtimeNs === mtimeNs && !isRacy(known)) {
			return { status: "unchanged" };
		}
		const content = await readFile(path);
		// node:crypto on first use (process.getBuiltinModule), not with `import "crewkit"`.
		const { createHash } = process.getBuiltinModule("node:crypto");
		const sha256 = createHash("sha256").update(content).digest("hex");
		if (known?.sha256 === sha256) {
			if (known.mtimeNs === mtimeNs) return { status: "unchanged" };
			return { status: "unchanged", touched: { mtimeNs, checkedAtNs } };
		}
		const read = await readDocument(path, { content });
		if (read.type === "skipped") return { status: "skipped", reason: read.reason };
		const { title, format } = read.document;
		const chunks = chunkText(read.document, options.chunk);
		const documentId = known?.documentId;
		const record = { documentId, path, title, format, size, mtimeNs, sha256, checkedAtNs, chunks };
		return { status: known ? "updated" : "added", record };
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return { status: "skipped", reason: `could not be read: ${reason}` };
	}
}

/**
 * A file modified within a timestamp tick of when it was last checked could have changed
 * again without its size or time changing (git's "racy clean" case), so it is hashed.
 * Filesystems with whole-second times (FAT, some network mounts) get a 2 s tick.
 */
function isRacy(known: KnownFile): boolean {
	const wholeSeconds = known.mtimeNs % 1_000_000_000n === 0n;
	const tickNs = wholeSeconds ? 2_000_000_000n : 100_000_000n;
	return known.mtimeNs >= known.checkedAtNs - tickNs;
}
