import { randomBytes } from "node:crypto";
import { chmod, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export interface WriteFileAtomicOptions {
	/**
	 * The file's permission bits, e.g. `0o600`: given when the file is created and set again
	 * before it is renamed into place, so the umask cannot change them.
	 */
	mode?: number;
	/** The permission bits of the folders created for the file, e.g. `0o700` (the umask applies). */
	folderMode?: number;
}

/**
 * Writes `text` (UTF-8) to `path` so that a reader sees the old file or the new one, never
 * half of one: it goes to a temporary file beside `path`, renamed into place. The temporary
 * name is random, so writes of the same path at once (two runs, two crews) do not share it
 * and all succeed; the last rename wins. Creates the folders `path` needs; a failed write
 * removes its temporary file.
 */
export async function writeFileAtomic(
	path: string,
	text: string,
	options: WriteFileAtomicOptions = {},
): Promise<void> {
	await mkdir(dirname(path), { recursive: true, mode: options.folderMode });
	const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
	try {
		await writeFile(temporary, text, { mode: options.mode });
		if (options.mode !== undefined) await chmod(temporary, options.mode);
		await rename(temporary, path);
	} catch (error) {
		await rm(temporary, { force: true });
		throw error;
	}
}
