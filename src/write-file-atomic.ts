import { chmod, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export interface WriteFileAtomicOptions {
	/**
	 * The file's permission bits, e.g. `0o600`: given when the file is created and set again
	 * before it is renamed into place, so the umask cannot change them.
	 */
	mode?: number;
	/** The permission bits of the folders created for the file, e.g. `0o700` (the umask applies). */
	folderMode?: number;
}

let writes = 0;

/**
 * Writes `text` (UTF-8) to `path` so that a reader sees the old file or the new one, never
 * half of one: it goes to a temporary file beside `path`, renamed into place. The temporary
 * name is the process id and a count of this process's writes, so writes of the same path
 * at once (two runs, two crews, two processes) do not share it and all succeed; the last
 * rename wins. (Not a random name: `import crewkit` must not load node:crypto.) Creates the folders `path` needs; a failed write
 * removes its temporary file.
 */
export async function writeFileAtomic(
	path: string,
	text: string,
	options: WriteFileAtomicOptions = {},
): Promise<void> {
	await mkdir(dirname(path), { recursive: true, mode: options.folderMode });
	// Stryker disable next-line AssignmentOperator: the count only has to differ between this process's writes; counting down does that too.
	writes += 1;
	// In the same folder (a rename across file systems is not atomic), hidden, and short
	// enough for a file name at the system's 255-byte limit.
	const temporary = join(
		dirname(path),
		`.${basename(path).slice(0, 100)}.${process.pid}.${writes}.tmp`,
	);
	try {
		// Stryker disable next-line ObjectLiteral: the chmod below sets the same mode before the rename; the creation mode only closes the moment before it, which no test can observe.
		await writeFile(temporary, text, { mode: options.mode });
		if (options.mode !== undefined) await chmod(temporary, options.mode);
		await rename(temporary, path);
	} catch (error) {
		// The write's error is the one passed on, also when the temporary file was never made.
		await rm(temporary).catch(() => undefined);
		throw error;
	}
}
