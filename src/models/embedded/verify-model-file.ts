import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, rm } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { ModelUnavailableError } from "../../errors.ts";

/**
 * Checks a downloaded file before it takes its name: it must start like a GGUF file (not
 * an error page) and match `sha256` when one is known. A file that fails is deleted.
 * @throws ModelUnavailableError saying what was wrong.
 */
export async function verifyModelFile(
	url: URL,
	partial: string,
	sha256: string | undefined,
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
	if (!sha256) return;
	const hash = createHash("sha256");
	await pipeline(createReadStream(partial), hash);
	const actual = hash.digest("hex");
	if (actual !== sha256.toLowerCase()) {
		await rm(partial, { force: true });
		throw new ModelUnavailableError(
			`The file downloaded from ${url.href} has SHA-256 ${actual}, not the expected ${sha256}; it was deleted. Download it again; if it still differs, the file on the server changed.`,
		);
	}
}
