import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { ConfigError } from "../errors.ts";

/** Writes a file atomically: a temporary file beside it, renamed into place. Never half-written. */
export async function writeOutputFile(path: string, text: string): Promise<void> {
	const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
	try {
		await mkdir(dirname(path), { recursive: true });
		await writeFile(temporary, text);
		await rename(temporary, path);
	} catch (error) {
		const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
		throw new ConfigError(
			`Cannot write '${path}' (${reason}). Choose a writable path, e.g. --out ./report.md`,
			undefined,
			{ cause: error },
		);
	}
}
