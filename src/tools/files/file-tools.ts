import { constants } from "node:fs";
import { lstat, open, readdir, realpath } from "node:fs/promises";
import { join, relative } from "node:path";
import { writeOutputFile } from "../../crew/write-output.ts";
import { loadZod } from "../../zod/load-zod.ts";
import { defineTool, type Tool } from "../define-tool.ts";
import { assertNotProtected } from "./protected-paths.ts";
import { resolveInWorkspace } from "./workspace-path.ts";

const maxReadBytes = 512 * 1024;
/** Most entries `list_files` returns: a folder of build output must not flood the model. */
const maxListedEntries = 1000;

/**
 * Tools that read and write files, confined to a workspace root: `read_file`, `list_files`
 * and (when `allowWrite`) `write_file`. Paths that leave the root are refused, and so are
 * protected paths (`.git/`, `.crewkit/`, `.env`, the crew's definition files for writing,
 * and `protect`: workspace-relative paths the user lists). Only regular files are read or
 * written: FIFOs, devices and sockets are refused.
 */
export function createFileTools(options: {
	root: string;
	allowWrite?: boolean;
	protect?: readonly string[] | undefined;
}): Tool[] {
	const { root } = options;
	const protect = options.protect ?? [];
	const z = loadZod();
	const readFileTool = defineTool({
		name: "read_file",
		description: "Reads a text file of the workspace (at most 512 KB).",
		parameters: z.object({ path: z.string().min(1).describe("path relative to the workspace") }),
		async execute({ path }) {
			const file = await resolveInWorkspace(root, path);
			await assertNotProtected(root, file, "read", protect);
			// Opened without blocking, then checked: a FIFO would otherwise wait for a writer forever.
			const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
			try {
				const info = await handle.stat();
				if (!info.isFile())
					throw new Error(
						`'${path}' is ${describeKind(info)}; read_file reads regular files only.`,
					);
				if (info.size > maxReadBytes)
					throw new Error(`'${path}' is ${info.size} bytes; the limit is ${maxReadBytes}.`);
				const bytes = await handle.readFile();
				if (bytes.includes(0))
					throw new Error(
						`'${path}' is a binary file (it contains NUL bytes); read_file reads text files only.`,
					);
				return bytes.toString("utf8");
			} finally {
				await handle.close();
			}
		},
	});
	const listFilesTool = defineTool({
		name: "list_files",
		description: "Lists the files and folders of a folder of the workspace.",
		parameters: z.object({
			path: z.string().default(".").describe("folder relative to the workspace"),
		}),
		async execute({ path }) {
			const folder = await resolveInWorkspace(root, path);
			await assertNotProtected(root, folder, "read", protect);
			// Entries are named from the real root: `folder` is real, and a root reached
			// through a symbolic link would otherwise give paths full of '../'.
			const realRoot = await realpath(root);
			const entries = await readdir(folder, { withFileTypes: true });
			const names = entries
				.map(
					(entry) =>
						`${relative(realRoot, join(folder, entry.name))}${entry.isDirectory() ? "/" : ""}`,
				)
				.sort();
			if (names.length <= maxListedEntries) return names.join("\n");
			return [
				...names.slice(0, maxListedEntries),
				`(${names.length - maxListedEntries} more entries not listed: the first ${maxListedEntries} are shown. List a subfolder to see the rest.)`,
			].join("\n");
		},
	});
	const writeFileTool = defineTool({
		name: "write_file",
		description: "Writes a text file in the workspace, creating folders as needed.",
		parameters: z.object({ path: z.string().min(1), content: z.string() }),
		async execute({ path, content }) {
			const file = await resolveInWorkspace(root, path);
			await assertNotProtected(root, file, "write", protect);
			const existing = await lstat(file).catch(() => undefined);
			if (existing && !existing.isFile()) {
				throw new Error(
					`'${path}' is ${describeKind(existing)}; write_file writes regular files only.`,
				);
			}
			await writeOutputFile(file, content);
			return `Wrote ${content.length} characters to ${path}.`;
		},
	});
	return options.allowWrite
		? [readFileTool, listFilesTool, writeFileTool]
		: [readFileTool, listFilesTool];
}

function describeKind(info: import("node:fs").Stats): string {
	if (info.isDirectory()) return "a folder";
	if (info.isFIFO()) return "a FIFO (named pipe)";
	if (info.isSocket()) return "a socket";
	if (info.isSymbolicLink()) return "a symbolic link";
	// What is left once files are refused: character and block devices.
	return "a device";
}
