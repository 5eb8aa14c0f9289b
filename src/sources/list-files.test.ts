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

test("a link to a file outside the folder is left out, so its text is never indexed", async () => {
	const outside = await writeCorpus({ "secret.md": "# Secret\n\nOutside the workspace.\n" });
	const folder = await writeCorpus({ "inside.md": "# Inside\n" });
	try {
		await symlink(join(outside, "secret.md"), join(folder, "leak.md"));
		await symlink(outside, join(folder, "leak-folder"));
		const files = await listFiles(folder);
		assert.deepEqual(
			files.map((file) => file.slice(folder.length + 1)),
			["inside.md"],
		);
	} finally {
		await rm(folder, { recursive: true, force: true });
		await rm(outside, { recursive: true, force: true });
	}
});
