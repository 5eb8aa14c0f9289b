import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { skipWhenMissing } from "./skip-when-missing.ts";

export const crewkitBin = fileURLToPath(new URL("../../bin/crewkit.js", import.meta.url));

/** `../shared` beside the project: fixtures that tests skip without. */
export const sharedDir = fileURLToPath(new URL("../../../shared/", import.meta.url));
export const hasShared = existsSync(sharedDir);
export const skipWithoutShared = skipWhenMissing(
	hasShared,
	"needs ../shared/fixtures beside the project (absent in a lone clone)",
);

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/**
 * Where the commands of this test process keep their approvals of crew folders
 * (`CREWKIT_CONFIG_DIR`): a folder of its own, never the user's ~/.config/crewkit.
 */
export const testConfigDir = join(tmpdir(), `crewkit-config-${randomUUID()}`);

/** Runs the real `crewkit` command in a child process on this Node. */
export function runCli(
	args: string[],
	options: { cwd: string; env?: Record<string, string>; input?: string },
): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [crewkitBin, ...args], {
			cwd: options.cwd,
			env: {
				PATH: process.env.PATH ?? "",
				HOME: process.env.HOME ?? "",
				CREWKIT_CONFIG_DIR: testConfigDir,
				...options.env,
			},
			stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
		});
		if (options.input !== undefined) child.stdin?.end(options.input);
		let stdout = "";
		let stderr = "";
		child.stdout?.on("data", (chunk) => (stdout += chunk));
		child.stderr?.on("data", (chunk) => (stderr += chunk));
		child.on("error", reject);
		child.on("close", (code) => resolve({ code, stdout, stderr }));
	});
}
