import { open, rm, writeFile } from "node:fs/promises";

/**
 * What a Hugging Face endpoint says about a file before sending it. Its `resolve` answer
 * for a file stored with Git LFS (every GGUF) carries `X-Linked-Etag`, the quoted SHA-256
 * of the file (the LFS object id), `X-Linked-Size`, its size in bytes, and
 * `X-Repo-Commit`, the commit the revision resolved to; it then redirects to its CDN,
 * whose headers say nothing of the kind. huggingface_hub's `get_hf_file_metadata` reads
 * the same headers from the same answer.
 */
export interface AnnouncedFile {
	/** Lower-case hex; only a 64-digit value is taken (a plain Git file's etag is a SHA-1). */
	sha256: string | undefined;
	size: number | undefined;
	commit: string | undefined;
}

/** The announcement in `headers`; fields the server did not send (or sent malformed) are undefined. */
export function announcedFileOf(headers: Headers): AnnouncedFile {
	// Etags may come weak (`W/"…"`) or quoted; huggingface_hub strips both the same way.
	const etag = headers
		.get("x-linked-etag")
		?.trim()
		.replace(/^W\//, "")
		.replace(/^"|"$/g, "")
		.toLowerCase();
	const size = Number(headers.get("x-linked-size") ?? Number.NaN);
	const commit = headers.get("x-repo-commit")?.trim();
	return {
		sha256: etag && /^[0-9a-f]{64}$/.test(etag) ? etag : undefined,
		size: Number.isSafeInteger(size) && size > 0 ? size : undefined,
		commit: commit && /^[0-9a-f]{40}$/i.test(commit) ? commit.toLowerCase() : undefined,
	};
}

/**
 * Where the SHA-256 announced when `partial` was begun is kept, so that resuming it (in
 * this process or a later one) can tell whether the server still serves the same file.
 */
export function announcedHashFile(partial: string): string {
	return `${partial}.sha256`;
}

/** The SHA-256 recorded for `partial`, or undefined when none (or an unreadable one) is. */
export async function recordedHash(partial: string): Promise<string | undefined> {
	const handle = await open(announcedHashFile(partial), "r").catch(() => undefined);
	if (!handle) return undefined;
	try {
		// 64 hex digits and a newline: nothing longer is read.
		const buffer = Buffer.alloc(65);
		const { bytesRead } = await handle.read(buffer, 0, 65, 0);
		const hash = buffer.toString("latin1", 0, bytesRead).trim();
		return /^[0-9a-f]{64}$/.test(hash) ? hash : undefined;
	} finally {
		await handle.close();
	}
}

export async function recordHash(partial: string, sha256: string): Promise<void> {
	await writeFile(announcedHashFile(partial), `${sha256}\n`);
}

export async function forgetHash(partial: string): Promise<void> {
	await rm(announcedHashFile(partial), { force: true });
}
