import assert from "node:assert/strict";
import { rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { writeCorpus } from "../../test/support/test-corpus.ts";
import { listFiles } from "./list-files.ts";

test("lists files under a folder, sorted, without hidden entries or node_modules", async () => {
	const folder = await writeCorpus({
		"b.md": "b",
		"a/z.txt": "z",
		"a/c.md": "c",
		".git/config": "x",
		"a/.draft.md": "x",
		"node_modules/pkg/readme.md": "x",
	});
	try {
		await symlink(join(folder, "b.md"), join(folder, "link-to-file.md"));
		await symlink(join(folder, "a"), join(folder, "link-to-folder"));
		await symlink(join(folder, "missing.md"), join(folder, "broken-link.md"));
		const files = await listFiles(folder);
		assert.deepEqual(
			files.map((file) => file.slice(folder.length + 1)),
			["a/c.md", "a/z.txt", "b.md", "link-to-file.md"],
		);
	} finally {
		await rm(folder, { recursive: true, force: true });
	}
});
