import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { createFileTools } from "./file-tools.ts";
import { resolveInWorkspace, WorkspaceEscapeError } from "./workspace-path.ts";

const bases: string[] = [];
after(() => Promise.all(bases.map((base) => rm(base, { recursive: true, force: true }))));

async function workspace() {
	const base = await mkdtemp(join(tmpdir(), "crewkit-ws-"));
	bases.push(base);
	const root = join(base, "root");
	await mkdir(join(root, "docs"), { recursive: true });
	await writeFile(join(root, "docs/a.md"), "inside");
	await writeFile(join(base, "secret.txt"), "outside");
	await symlink(join(base, "secret.txt"), join(root, "docs/link.txt"));
	await symlink(base, join(root, "escape"));
	return { base, root };
}

test("paths inside the workspace resolve; every way out is refused", async () => {
	const { base, root } = await workspace();
	assert.match(await resolveInWorkspace(root, "docs/a.md"), /root\/docs\/a\.md$/);
	assert.match(
		await resolveInWorkspace(root, "new/folder/file.md"),
		/root\/new\/folder\/file\.md$/,
	);
	for (const path of [
		"../secret.txt",
		"docs/../../secret.txt",
		join(base, "secret.txt"),
		"/etc/passwd",
		"docs/link.txt",
		"escape/secret.txt",
		"escape/new.txt",
	]) {
		await assert.rejects(resolveInWorkspace(root, path), WorkspaceEscapeError, path);
	}
});

test("file tools read and write inside the workspace and refuse to escape", async () => {
	const { base, root } = await workspace();
	const [read, list, write] = createFileTools({ root, allowWrite: true });
	const context = { signal: new AbortController().signal, task: "t", agent: "a" };
	assert.equal(await read?.execute({ path: "docs/a.md" }, context), "inside");
	assert.match(String(await list?.execute({ path: "docs" }, context)), /docs\/a\.md/);
	await write?.execute({ path: "out/report.md", content: "hello" }, context);
	assert.equal(await readFile(join(root, "out/report.md"), "utf8"), "hello");
	await assert.rejects(
		Promise.resolve(read?.execute({ path: "../secret.txt" }, context)),
		/outside the workspace/,
	);
	await assert.rejects(
		Promise.resolve(write?.execute({ path: "escape/pwned.txt", content: "x" }, context)),
		/symbolic link/,
	);
	await assert.rejects(readFile(join(base, "pwned.txt"), "utf8"), /ENOENT/);
	assert.equal(createFileTools({ root }).length, 2, "no write tool unless allowed");
});

test("list_files lists a folder of the workspace and refuses every folder outside it", async () => {
	const { base, root } = await workspace();
	const [, list] = createFileTools({ root });
	const context = { signal: new AbortController().signal, task: "t", agent: "a" };
	assert.equal(await list?.execute({ path: "." }, context), ["docs/", "escape"].join("\n"));
	assert.equal(
		await list?.execute({ path: "docs" }, context),
		["docs/a.md", "docs/link.txt"].join("\n"),
	);
	for (const path of ["..", "docs/../..", base, "/etc", "escape"]) {
		await assert.rejects(
			Promise.resolve(list?.execute({ path }, context)),
			WorkspaceEscapeError,
			path,
		);
	}
});

test("names that merely start with '..' stay inside; the root itself is inside", async () => {
	const { root } = await workspace();
	const realRoot = await realpath(root);
	assert.equal(await resolveInWorkspace(root, "..notes.md"), join(realRoot, "..notes.md"));
	assert.equal(
		await resolveInWorkspace(root, "docs/..hidden/x"),
		join(realRoot, "docs/..hidden/x"),
	);
	assert.equal(await resolveInWorkspace(root, "."), realRoot);
	assert.equal(await resolveInWorkspace(root, realRoot), realRoot);
	assert.equal(await resolveInWorkspace(root, "docs/a.md"), join(realRoot, "docs/a.md"));
});

test("says which path left the workspace and how", async () => {
	const { root } = await workspace();
	const realRoot = await realpath(root);
	await assert.rejects(
		resolveInWorkspace(root, "../secret.txt"),
		(error: unknown) =>
			error instanceof WorkspaceEscapeError &&
			error.message ===
				`'../secret.txt' is outside the workspace ${realRoot}. Use a path inside it.`,
	);
	await assert.rejects(
		resolveInWorkspace(root, "escape/new.txt"),
		(error: unknown) =>
			error instanceof WorkspaceEscapeError &&
			error.message ===
				`'escape/new.txt' leads outside the workspace ${realRoot} through a symbolic link. Use a path inside it.`,
	);
});

test("a path through a file is an error of the file system, not a new path", async () => {
	const { root } = await workspace();
	await assert.rejects(resolveInWorkspace(root, "docs/a.md/inside"), { code: "ENOTDIR" });
});
