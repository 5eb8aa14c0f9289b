import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { ConfigError } from "../errors.ts";
import { writeFileAtomic } from "../write-file-atomic.ts";

/**
 * Writes a task's output file atomically (see writeFileAtomic): never half-written, and
 * writes of the same path at once (two runs, or two attempts of one) all succeed.
 */
export async function writeOutputFile(path: string, text: string): Promise<void> {
	try {
		await writeFileAtomic(path, text);
	} catch (error) {
		const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
		throw new ConfigError(
			`Cannot write '${path}' (${reason}). Choose a writable path, e.g. --out ./report.md`,
			undefined,
			{ cause: error },
		);
	}
}

/**
 * Checks before a run that `path` can be written: the nearest existing folder above it is
 * writable and the path is not a folder. Fails at once, before any work is done.
 */
export async function assertWritable(path: string): Promise<void> {
	const existing = await stat(path).catch(() => undefined);
	if (existing?.isDirectory()) {
		throw new ConfigError(
			`Cannot write '${path}': it is a folder. Give a file path, e.g. --out ${path}/report.md`,
		);
	}
	let folder = dirname(path);
	for (;;) {
		const info = await stat(folder).catch(() => undefined);
		if (info) {
			if (!info.isDirectory())
				throw new ConfigError(`Cannot write '${path}': '${folder}' is a file, not a folder.`);
			break;
		}
		const parent = dirname(folder);
		if (parent === folder) break;
		folder = parent;
	}
	try {
		await access(folder, constants.W_OK);
	} catch {
		throw new ConfigError(
			`Cannot write '${path}': the folder '${folder}' is not writable. Choose another path with --out.`,
		);
	}
}
