import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createFileTools } from "./file-tools.ts";
import { assertNotProtected, ProtectedPathError } from "./protected-paths.ts";

let root: string;
before(async () => {
	root = await mkdtemp(join(tmpdir(), "crewkit-protected-"));
	await mkdir(join(root, ".git"));
	await writeFile(join(root, ".git/config"), "[core]\n");
	await mkdir(join(root, "crew"));
	await writeFile(join(root, "crew/mcp.yaml"), "servers: {}\n");
	await writeFile(join(root, ".env"), "OPENAI_API_KEY=sk-secret\n");
	await mkdir(join(root, "private"));
	await writeFile(join(root, "private/notes.md"), "mine\n");
});
after(() => rm(root, { recursive: true, force: true }));

const context = { signal: new AbortController().signal, task: "t", agent: "a" };
const tools = () => {
	const [read, list, write] = createFileTools({ root, allowWrite: true, protect: ["private"] });
	if (!read || !list || !write) throw new Error("file tools missing");
	return { read, list, write };
};
const refused = (pattern: RegExp) => (error: unknown) =>
	error instanceof ProtectedPathError && pattern.test(error.message);

test("write_file refuses .git/, .crewkit/, crew definitions and listed paths", async () => {
	const { write } = tools();
	const fsmonitor = "[core]\n\tfsmonitor = touch pwned\n";
	for (const [path, why] of [
		[".git/config", /inside \.git\//],
		[".crewkit/runs.db", /inside \.crewkit\//],
		["crew/mcp.yaml", /a crew definition file/],
		["agents.yaml", /a crew definition file/],
		["crew.py", /a crew definition file/],
		["private/notes.md", /listed as protected/],
	] as const) {
		await assert.rejects(
			Promise.resolve(write.execute({ path, content: fsmonitor }, context)),
			refused(why),
		);
	}
	assert.equal(await readFile(join(root, ".git/config"), "utf8"), "[core]\n");
	assert.equal(existsSync(join(root, ".crewkit")), false);
	await write.execute({ path: "notes/ok.md", content: "fine" }, context);
	assert.equal(await readFile(join(root, "notes/ok.md"), "utf8"), "fine");
});

test("read_file and list_files refuse .git/, .env and listed paths, and read crew files", async () => {
	const { read, list } = tools();
	await assert.rejects(
		Promise.resolve(read.execute({ path: ".git/config" }, context)),
		refused(/\.git/),
	);
	await assert.rejects(
		Promise.resolve(read.execute({ path: ".env" }, context)),
		refused(/secrets/),
	);
	await assert.rejects(Promise.resolve(list.execute({ path: ".git" }, context)), refused(/\.git/));
	await assert.rejects(
		Promise.resolve(read.execute({ path: "private/notes.md" }, context)),
		refused(/listed/),
	);
	assert.equal(await read.execute({ path: "crew/mcp.yaml" }, context), "servers: {}\n");
});

test("read_file on a FIFO is refused at once instead of waiting for a writer", {
	skip: process.platform === "win32" ? "no FIFOs" : false,
}, async () => {
	execFileSync("mkfifo", [join(root, "pipe")]);
	const { read, write } = tools();
	await assert.rejects(
		Promise.resolve(read.execute({ path: "pipe" }, context)),
		/a FIFO \(named pipe\); read_file reads regular files only/,
	);
	await assert.rejects(
		Promise.resolve(write.execute({ path: "pipe", content: "x" }, context)),
		/a FIFO/,
	);
	await assert.rejects(
		Promise.resolve(read.execute({ path: "/dev/zero" }, context)),
		/outside the workspace/,
	);
});

test("every version-control and crewkit folder is protected, at any depth", async () => {
	for (const folder of [".git", ".crewkit", ".hg", ".svn"]) {
		for (const path of [`${folder}/file`, `sub/${folder}/file`, folder]) {
			await assert.rejects(
				assertNotProtected(root, join(root, path), "read"),
				(error: unknown) =>
					error instanceof ProtectedPathError &&
					error.message ===
						`'${path}' is protected (inside ${folder}/); file tools do not read it. Work on another file.`,
			);
		}
	}
	await assertNotProtected(root, join(root, "git/config"), "write");
	await assertNotProtected(root, join(root, "notes.git"), "write");
});

test("environment files are protected, other names that contain .env are not", async () => {
	for (const name of [".env", ".env.local", ".env.production", "config/.env"]) {
		await assert.rejects(
			assertNotProtected(root, join(root, name), "read"),
			(error: unknown) =>
				error instanceof ProtectedPathError &&
				error.message ===
					`'${name}' is protected (an environment file that may hold secrets); file tools do not read it. Work on another file.`,
		);
	}
	for (const name of [".envrc", "prod.env", "my.env.local", "env"]) {
		await assertNotProtected(root, join(root, name), "write");
	}
});

test("every crew definition file can be read but not written", async () => {
	for (const name of [
		"agents.yaml",
		"agents.yml",
		"tasks.yaml",
		"tasks.yml",
		"mcp.yaml",
		"mcp.yml",
		"crew.ts",
		"crew.js",
		"crew.mjs",
		"crew.py",
		"flow.ts",
		"main.py",
		"pyproject.toml",
		"package.json",
	]) {
		await assertNotProtected(root, join(root, name), "read");
		await assert.rejects(
			assertNotProtected(root, join(root, "src", name), "write"),
			(error: unknown) =>
				error instanceof ProtectedPathError &&
				error.message ===
					`'src/${name}' is protected (a crew definition file); file tools do not write it. Work on another file.`,
			name,
		);
	}
	await assertNotProtected(root, join(root, "report.md"), "write");
});

test("a listed path protects itself and what it holds, not its neighbours", async () => {
	const listed = ["private", "drafts/secret.md"];
	for (const path of ["private", "private/notes.md", "private/deep/x", "drafts/secret.md"]) {
		await assert.rejects(
			assertNotProtected(root, join(root, path), "write", listed),
			(error: unknown) =>
				error instanceof ProtectedPathError &&
				error.message ===
					`'${path}' is protected (listed as protected); file tools do not write it. Work on another file.`,
			path,
		);
	}
	for (const path of ["private-notes.md", "privateer/x", "drafts/other.md", "drafts"]) {
		await assertNotProtected(root, join(root, path), "write", listed);
	}
	await assertNotProtected(root, join(root, "private/notes.md"), "write");
});

test("a workspace root that does not exist yet is taken as written", async () => {
	const missing = join(root, "not-yet");
	await assert.rejects(
		assertNotProtected(missing, join(missing, ".git/config"), "read"),
		/'\.git\/config' is protected/,
	);
	await assertNotProtected(missing, join(missing, "notes.md"), "write", ["private"]);
});

test("a workspace reached through a symbolic link protects the same paths, named from its root", async () => {
	const linked = `${root}-link`;
	await symlink(root, linked);
	try {
		const [read] = createFileTools({ root: linked, protect: ["private"] });
		assert.ok(read);
		await assert.rejects(
			Promise.resolve(read.execute({ path: "private/notes.md" }, context)),
			(error: unknown) =>
				error instanceof ProtectedPathError &&
				error.message ===
					"'private/notes.md' is protected (listed as protected); file tools do not read it. Work on another file.",
		);
		await assert.rejects(
			Promise.resolve(read.execute({ path: ".git/config" }, context)),
			(error: unknown) =>
				error instanceof ProtectedPathError &&
				error.message ===
					"'.git/config' is protected (inside .git/); file tools do not read it. Work on another file.",
		);
	} finally {
		await rm(linked);
	}
});
