import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeFileAtomic } from "./write-file-atomic.ts";

async function inTemporaryFolder(body: (folder: string) => Promise<void>): Promise<void> {
	const folder = await mkdtemp(join(tmpdir(), "crewkit-atomic-"));
	try {
		await body(folder);
	} finally {
		await rm(folder, { recursive: true, force: true });
	}
}

/** Runs `body` with the process's umask set to `mask`, then restores it. */
async function withUmask(mask: number, body: () => Promise<void>): Promise<void> {
	const previous = process.umask(mask);
	try {
		await body();
	} finally {
		process.umask(previous);
	}
}

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

test("a file is written whole as UTF-8 into folders it creates, replaces the old one, and leaves no temporary file", () =>
	inTemporaryFolder(async (folder) => {
		const path = join(folder, "a", "b", "notes.json");
		await writeFileAtomic(path, "first ✓\n");
		assert.equal(await readFile(path, "utf8"), "first ✓\n");
		await writeFileAtomic(path, "second — é\n");
		assert.equal(await readFile(path, "utf8"), "second — é\n");
		assert.deepEqual(await readdir(join(folder, "a", "b")), ["notes.json"]);
	}));

test("without a mode, the file and its folders get the usual permissions less the umask", () =>
	withUmask(0o022, () =>
		inTemporaryFolder(async (folder) => {
			const path = join(folder, "new", "file.txt");
			await writeFileAtomic(path, "x");
			assert.equal(await modeOf(path), 0o644);
			assert.equal(await modeOf(join(folder, "new")), 0o755);
		}),
	));

test("writes of the same path at once all succeed, and the file holds one of them whole", () =>
	inTemporaryFolder(async (folder) => {
		const path = join(folder, "shared.json");
		const texts = Array.from({ length: 8 }, (_, index) => `${index}:${"x".repeat(64_000)}\n`);
		await Promise.all(texts.map((text) => writeFileAtomic(path, text)));
		assert.ok(texts.includes(await readFile(path, "utf8")));
		assert.deepEqual(await readdir(folder), ["shared.json"], "no temporary file left");
	}));

test("a mode is the file's exact permissions whatever the umask, also when it replaces a file", () =>
	inTemporaryFolder(async (folder) => {
		const path = join(folder, "secret.json");
		await writeFile(path, "old", { mode: 0o644 });
		await withUmask(0o277, () => writeFileAtomic(path, "{}", { mode: 0o600 }));
		assert.equal(await modeOf(path), 0o600);
		assert.equal(await readFile(path, "utf8"), "{}");
		await withUmask(0o077, () => writeFileAtomic(path, "[]", { mode: 0o644 }));
		assert.equal(await modeOf(path), 0o644, "wider than the umask allows");
	}));

test("a folder mode is given to every folder created for the file, not to one that exists", () =>
	withUmask(0o022, () =>
		inTemporaryFolder(async (folder) => {
			await writeFileAtomic(join(folder, "config", "crewkit", "file.json"), "{}", {
				folderMode: 0o700,
			});
			assert.equal(await modeOf(join(folder, "config")), 0o700);
			assert.equal(await modeOf(join(folder, "config", "crewkit")), 0o700);
			const before = await modeOf(folder);
			await writeFileAtomic(join(folder, "other.json"), "{}", { folderMode: 0o711 });
			assert.equal(await modeOf(folder), before);
		}),
	));

test("a write that fails rejects with the file system's error and removes its temporary file", () =>
	inTemporaryFolder(async (folder) => {
		const path = join(folder, "taken");
		await mkdir(path);
		await writeFile(join(path, "inside"), "kept");
		await assert.rejects(writeFileAtomic(path, "new text"), (error: NodeJS.ErrnoException) =>
			["EISDIR", "ENOTEMPTY", "EEXIST"].includes(error.code ?? ""),
		);
		assert.deepEqual(await readdir(folder), ["taken"], "no temporary file left");
		assert.equal(await readFile(join(path, "inside"), "utf8"), "kept");
	}));

test("a file name at the system's 255-byte limit is written like any other", () =>
	inTemporaryFolder(async (folder) => {
		const path = join(folder, `${"r".repeat(252)}.md`);
		await writeFileAtomic(path, "long name");
		assert.equal(await readFile(path, "utf8"), "long name");
		assert.deepEqual(await readdir(folder), [`${"r".repeat(252)}.md`]);
	}));

test("a file where a folder should be is refused before anything is written", () =>
	inTemporaryFolder(async (folder) => {
		const blocker = join(folder, "file");
		await writeFile(blocker, "");
		await assert.rejects(
			writeFileAtomic(join(blocker, "sub", "out.txt"), "x"),
			(error: NodeJS.ErrnoException) => error.code === "EEXIST" || error.code === "ENOTDIR",
		);
		assert.deepEqual(await readdir(folder), ["file"]);
	}));
