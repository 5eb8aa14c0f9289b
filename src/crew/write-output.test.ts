import assert from "node:assert/strict";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ConfigError } from "../errors.ts";
import { assertWritable, writeOutputFile } from "./write-output.ts";

const isRoot = process.getuid?.() === 0;

test("an output file is written whole into folders it creates, with no temporary file left", async () => {
	const folder = await mkdtemp(join(tmpdir(), "crewkit-out-"));
	try {
		const path = join(folder, "reports", "2026", "report.md");
		await writeOutputFile(path, "# Report\n");
		assert.equal(await readFile(path, "utf8"), "# Report\n");
		await writeOutputFile(path, "# Second\n");
		assert.equal(await readFile(path, "utf8"), "# Second\n", "replaced");
		assert.deepEqual(await readdir(join(folder, "reports", "2026")), ["report.md"]);
	} finally {
		await rm(folder, { recursive: true, force: true });
	}
});

test("two writes of the same output at once both succeed, the file holds one of them whole", async () => {
	const folder = await mkdtemp(join(tmpdir(), "crewkit-out-"));
	try {
		const path = join(folder, "report.md");
		const texts = Array.from(
			{ length: 8 },
			(_, index) => `# Report ${index}\n${"x".repeat(50_000)}`,
		);
		await Promise.all(texts.map((text) => writeOutputFile(path, text)));
		assert.ok(texts.includes(await readFile(path, "utf8")));
		assert.deepEqual(await readdir(folder), ["report.md"], "no temporary file left");
	} finally {
		await rm(folder, { recursive: true, force: true });
	}
});

test("a file that cannot be written is a ConfigError naming the path, the reason and what to do", async () => {
	const folder = await mkdtemp(join(tmpdir(), "crewkit-out-"));
	try {
		const blocker = join(folder, "file");
		await writeFile(blocker, "");
		await assert.rejects(
			writeOutputFile(join(blocker, "report.md"), "x"),
			(error) =>
				error instanceof ConfigError &&
				error.message ===
					`Cannot write '${join(blocker, "report.md")}' (EEXIST). Choose a writable path, e.g. --out ./report.md` &&
				error.cause instanceof Error,
		);
	} finally {
		await rm(folder, { recursive: true, force: true });
	}
});

test("before a run: a folder, a file in the way, and an unwritable folder are refused; a new path is fine", async () => {
	const folder = await mkdtemp(join(tmpdir(), "crewkit-out-"));
	try {
		await assertWritable(join(folder, "new", "deeper", "report.md"));
		await assertWritable(join(folder, "report.md"));
		await assert.rejects(
			assertWritable(folder),
			(error) =>
				error instanceof ConfigError &&
				error.message ===
					`Cannot write '${folder}': it is a folder. Give a file path, e.g. --out ${folder}/report.md`,
		);
		const file = join(folder, "file");
		await writeFile(file, "");
		await assert.rejects(
			assertWritable(join(file, "sub", "report.md")),
			(error) =>
				error instanceof ConfigError &&
				error.message ===
					`Cannot write '${join(file, "sub", "report.md")}': '${file}' is a file, not a folder.`,
		);
		if (!isRoot) {
			const locked = join(folder, "locked");
			await mkdir(locked);
			await chmod(locked, 0o500);
			await assert.rejects(
				assertWritable(join(locked, "new", "report.md")),
				(error) =>
					error instanceof ConfigError &&
					error.message ===
						`Cannot write '${join(locked, "new", "report.md")}': the folder '${locked}' is not writable. Choose another path with --out.`,
			);
			await chmod(locked, 0o700);
		}
	} finally {
		await rm(folder, { recursive: true, force: true });
	}
});

test("a folder no one may write in, root included, is refused before the run", {
	skip: process.platform === "linux" ? false : "uses /proc/self, a folder of Linux's /proc",
}, async () => {
	// /proc/self is a folder in which no process can create files, whatever its user.
	await assert.rejects(
		assertWritable("/proc/self/report.md"),
		(error) =>
			error instanceof ConfigError &&
			error.message ===
				"Cannot write '/proc/self/report.md': the folder '/proc/self' is not writable. Choose another path with --out.",
	);
});
