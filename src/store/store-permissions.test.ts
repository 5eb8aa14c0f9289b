import assert from "node:assert/strict";
import { chmod, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openRunStore } from "./sqlite-store.ts";

test("runs.db, its WAL and shared-memory files are readable by their owner only", {
	skip: process.platform === "win32" ? "POSIX modes" : false,
}, async () => {
	const folder = await mkdtemp(join(tmpdir(), "crewkit-perms-"));
	const previous = process.umask(0o022);
	try {
		const path = join(folder, ".crewkit", "runs.db");
		const store = openRunStore(path);
		store.createRun({ id: "run_1", crew: "c", inputs: {}, definition: null });
		for (const file of [path, `${path}-wal`, `${path}-shm`]) {
			assert.equal((await stat(file)).mode & 0o777, 0o600, file);
		}
		assert.equal((await stat(join(folder, ".crewkit"))).mode & 0o777, 0o700);
		store.close();
		const older = join(folder, "older.db");
		await writeFile(older, "");
		await chmod(older, 0o644);
		openRunStore(older).close();
		assert.equal((await stat(older)).mode & 0o777, 0o600, "an older store is tightened");
	} finally {
		process.umask(previous);
		await rm(folder, { recursive: true, force: true });
	}
});
