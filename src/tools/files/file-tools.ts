import { readdir, readFile, stat } from "node:fs/promises";
import { relative } from "node:path";
import { z } from "zod";
import { writeOutputFile } from "../../crew/write-output.ts";
import { defineTool, type Tool } from "../define-tool.ts";
import { resolveInWorkspace } from "./workspace-path.ts";

const maxReadBytes = 512 * 1024;

/**
 * Tools that read and write files, confined to a workspace root: `read_file`, `list_files`
 * and (when `allowWrite`) `write_file`. Paths that leave the root are refused.
 */
export function createFileTools(options: { root: string; allowWrite?: boolean }): Tool[] {
	const { root } = options;
	const readFileTool = defineTool({
		name: "read_file",
		description: "Reads a text file of the workspace (at most 512 KB).",
		parameters: z.object({ path: z.string().min(1).describe("path relative to the workspace") }),
		async execute({ path }) {
			const file = await resolveInWorkspace(root, path);
			const info = await stat(file);
			if (info.size > maxReadBytes)
				throw new Error(`'${path}' is ${info.size} bytes; the limit is ${maxReadBytes}.`);
			return await readFile(file, "utf8");
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
			const entries = await readdir(folder, { withFileTypes: true });
			return entries
				.map(
					(entry) =>
						`${relative(root, `${folder}/${entry.name}`) || entry.name}${entry.isDirectory() ? "/" : ""}`,
				)
				.sort()
				.join("\n");
		},
	});
	const writeFileTool = defineTool({
		name: "write_file",
		description: "Writes a text file in the workspace, creating folders as needed.",
		parameters: z.object({ path: z.string().min(1), content: z.string() }),
		async execute({ path, content }) {
			await writeOutputFile(await resolveInWorkspace(root, path), content);
			return `Wrote ${content.length} characters to ${path}.`;
		},
	});
	return options.allowWrite
		? [readFileTool, listFilesTool, writeFileTool]
		: [readFileTool, listFilesTool];
}
