import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, rm, stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { ModelUnavailableError } from "../../errors.ts";
import { formatBytes } from "./format-progress-bar.ts";

/** What a downloaded file must be, as far as it is known. */
export interface ExpectedModelFile {
	/** Hex. */
	sha256?: string | undefined;
	/** True when `sha256` is crewkit's catalog's; false when the server announced it. */
	pinned: boolean;
	/** The size the server announced for the file, apart from the transfer's own length. */
	size?: number | undefined;
}

/**
 * Checks a downloaded file before it takes its name: it must start like a GGUF file (not
 * an error page), have the announced size and match the SHA-256 when one is known. A file
 * that fails is deleted.
 * @throws ModelUnavailableError saying what was wrong.
 */
export async function verifyModelFile(
	url: URL,
	partial: string,
	expected: ExpectedModelFile,
): Promise<void> {
	const handle = await open(partial, "r");
	const magic = Buffer.alloc(4);
	try {
		await handle.read(magic, 0, 4, 0);
	} finally {
		await handle.close();
	}
	if (magic.toString("latin1") !== "GGUF") {
		await rm(partial, { force: true });
		throw new ModelUnavailableError(
			`The file at ${url.href} is not a GGUF model (it does not start with "GGUF"); it was deleted. Check the URL.`,
		);
	}
	const size = (await stat(partial)).size;
	if (expected.size !== undefined && size !== expected.size) {
		await rm(partial, { force: true });
		throw new ModelUnavailableError(
			`The file downloaded from ${url.href} has ${size} bytes (${formatBytes(size)}), not the ${expected.size} ${url.host} announced for it; it was deleted. Download it again; if it still differs, something between you and the server (a proxy, the CDN) changes it.`,
		);
	}
	const sha256 = expected.sha256?.toLowerCase();
	if (!sha256) return;
	const hash = createHash("sha256");
	await pipeline(createReadStream(partial), hash);
	const actual = hash.digest("hex");
	if (actual !== sha256) {
		await rm(partial, { force: true });
		throw new ModelUnavailableError(
			expected.pinned
				? `The file downloaded from ${url.href} has SHA-256 ${actual}, not the expected ${sha256}; it was deleted. Download it again; if it still differs, the file on the server changed.`
				: `The file downloaded from ${url.href} has SHA-256 ${actual}, not the ${sha256} that ${url.host} announced for it; it was deleted. Download it again; if it still differs, something between you and the server (a proxy, the CDN) changes it.`,
		);
	}
}
