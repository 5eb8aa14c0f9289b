import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { toolInputSchema } from "../define-tool.ts";
import { createFileTools } from "./file-tools.ts";

const context = { signal: new AbortController().signal, task: "t", agent: "a" };

let base: string;
let root: string;
before(async () => {
	base = await mkdtemp(join(tmpdir(), "crewkit-file-tools-"));
	root = join(base, "root");
	await mkdir(join(root, "docs/deep"), { recursive: true });
	await writeFile(join(root, "docs/b.md"), "bee");
	await writeFile(join(root, "docs/a.md"), "ay");
	await writeFile(join(root, "docs/deep/c.md"), "sea");
	await writeFile(join(root, "top.txt"), "top");
});
after(() => rm(base, { recursive: true, force: true }));

function tools(workspace = root) {
	const [read, list, write] = createFileTools({ root: workspace, allowWrite: true });
	if (!read || !list || !write) throw new Error("file tools missing");
	return {
		read: async (path: string) => text(await read.execute({ path }, context)),
		list: async (path: string) => text(await list.execute({ path }, context)),
		write: async (path: string, content: string) =>
			text(await write.execute({ path, content }, context)),
	};
}

/** The file tools answer the model with text. */
function text(result: unknown): string {
	assert.equal(typeof result, "string");
	return result as string;
}

const failsWith = (message: string) => (error: unknown) =>
	error instanceof Error && error.message === message;

describe("the file tools as the model sees them", () => {
	test("read_file and list_files always; write_file only when allowed", () => {
		assert.deepEqual(
			createFileTools({ root }).map((tool) => tool.name),
			["read_file", "list_files"],
		);
		assert.deepEqual(
			createFileTools({ root, allowWrite: false }).map((tool) => tool.name),
			["read_file", "list_files"],
		);
		assert.deepEqual(
			createFileTools({ root, allowWrite: true }).map((tool) => tool.name),
			["read_file", "list_files", "write_file"],
		);
	});

	test("each tool describes its arguments; a path is required except for list_files", () => {
		const [read, list, write] = createFileTools({ root, allowWrite: true });
		assert.ok(read && list && write);
		assert.equal(read.description, "Reads a text file of the workspace (at most 512 KB).");
		assert.equal(list.description, "Lists the files and folders of a folder of the workspace.");
		assert.equal(
			write.description,
			"Writes a text file in the workspace, creating folders as needed.",
		);
		assert.deepEqual(toolInputSchema(read).properties, {
			path: { type: "string", minLength: 1, description: "path relative to the workspace" },
		});
		assert.deepEqual(toolInputSchema(list).properties, {
			path: { type: "string", default: ".", description: "folder relative to the workspace" },
		});
		assert.equal(read.parameters.safeParse({ path: "" }).success, false);
		assert.equal(write.parameters.safeParse({ path: "", content: "x" }).success, false);
		assert.deepEqual(list.parameters.parse({}), { path: "." });
	});
});

describe("read_file", () => {
	test("returns the text of a file", async () => {
		assert.equal(await tools().read("docs/a.md"), "ay");
		await writeFile(join(root, "utf8.txt"), "héllo ✓");
		assert.equal(await tools().read("utf8.txt"), "héllo ✓");
	});

	test("reads a file of exactly 512 KB and refuses one byte more, saying the size and the limit", async () => {
		await writeFile(join(root, "limit.txt"), "x".repeat(512 * 1024));
		assert.equal((await tools().read("limit.txt")).length, 512 * 1024);
		await writeFile(join(root, "over.txt"), "x".repeat(512 * 1024 + 1));
		await assert.rejects(
			tools().read("over.txt"),
			failsWith("'over.txt' is 524289 bytes; the limit is 524288."),
		);
	});

	test("refuses a binary file (NUL bytes) instead of returning garbage", async () => {
		await writeFile(join(root, "image.bin"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a]));
		await assert.rejects(
			tools().read("image.bin"),
			failsWith(
				"'image.bin' is a binary file (it contains NUL bytes); read_file reads text files only.",
			),
		);
	});

	test("refuses folders, sockets and devices, naming what they are", async () => {
		await assert.rejects(
			tools().read("docs"),
			failsWith("'docs' is a folder; read_file reads regular files only."),
		);
		const socketPath = join(root, "service.sock");
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(socketPath, resolve));
		try {
			// A socket cannot be opened at all (ENXIO): refused before it could be read.
			await assert.rejects(tools().read("service.sock"), /ENXIO/);
			await assert.rejects(
				tools().write("service.sock", "x"),
				failsWith("'service.sock' is a socket; write_file writes regular files only."),
			);
		} finally {
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
		// A workspace whose files are devices: /dev, on the systems that have one.
		if (process.platform !== "win32") {
			await assert.rejects(
				tools("/dev").read("null"),
				failsWith("'null' is a device; read_file reads regular files only."),
			);
		}
	});
});

describe("write_file", () => {
	test("writes the file, creating folders, and says how much it wrote", async () => {
		assert.equal(
			await tools().write("out/new/report.md", "hello"),
			"Wrote 5 characters to out/new/report.md.",
		);
		assert.equal(await readFile(join(root, "out/new/report.md"), "utf8"), "hello");
		assert.equal(
			await tools().write("out/new/report.md", "again"),
			"Wrote 5 characters to out/new/report.md.",
		);
		assert.equal(await readFile(join(root, "out/new/report.md"), "utf8"), "again");
	});

	test("refuses to write over a folder or a dangling symbolic link", async () => {
		await assert.rejects(
			tools().write("docs", "x"),
			failsWith("'docs' is a folder; write_file writes regular files only."),
		);
		await symlink(join(base, "nowhere.txt"), join(root, "dangling"));
		await assert.rejects(
			tools().write("dangling", "x"),
			failsWith("'dangling' is a symbolic link; write_file writes regular files only."),
		);
		await assert.rejects(readFile(join(base, "nowhere.txt")), /ENOENT/);
	});
});

describe("list_files", () => {
	test("lists a folder sorted, paths relative to the workspace, folders ending in '/'", async () => {
		assert.equal(await tools().list("docs"), ["docs/a.md", "docs/b.md", "docs/deep/"].join("\n"));
		assert.equal(await tools().list("docs/deep"), "docs/deep/c.md");
		const top = (await tools().list(".")).split("\n");
		assert.deepEqual(
			top.filter((name) => ["docs/", "top.txt"].includes(name)),
			["docs/", "top.txt"],
		);
	});

	test("a workspace reached through a symbolic link lists paths inside it, not '../' paths", async () => {
		const linked = join(base, "linked-root");
		await symlink(root, linked);
		assert.equal(
			await tools(linked).list("docs"),
			["docs/a.md", "docs/b.md", "docs/deep/"].join("\n"),
		);
		assert.equal(await tools(linked).read("docs/deep/c.md"), "sea");
	});

	test("lists at most 1000 entries and says how many more there are", async () => {
		const folder = join(root, "many");
		await mkdir(folder);
		const names = Array.from({ length: 1000 }, (_, index) => `f${String(index).padStart(4, "0")}`);
		await Promise.all(names.map((name) => writeFile(join(folder, name), "")));
		const full = (await tools().list("many")).split("\n");
		assert.equal(full.length, 1000, "1000 entries are listed whole");
		assert.equal(full.at(-1), "many/f0999");
		await writeFile(join(folder, "f1000"), "");
		await writeFile(join(folder, "f1001"), "");
		const cut = (await tools().list("many")).split("\n");
		assert.equal(cut.length, 1001);
		assert.equal(cut[999], "many/f0999");
		assert.equal(
			cut[1000],
			"(2 more entries not listed: the first 1000 are shown. List a subfolder to see the rest.)",
		);
	});
});
