/** Runs a Node script in a child process on this same Node binary and collects its output. */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { benchDir } from "./frameworks.ts";

export interface ChildResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	timedOut: boolean;
	wallMs: number;
}

export interface RunChildOptions {
	/** Kills the child after this long. */
	timeoutMs?: number;
	env?: Record<string, string | undefined>;
	/** Echo the child's output as it arrives. */
	echo?: boolean;
	/** Extra Node flags before the script (e.g. `--cpu-prof`). */
	nodeFlags?: string[];
}

/** Runs `node [flags] <script> ...args`; `script` is relative to `bench/` unless absolute. */
export function runChild(
	script: string,
	args: readonly string[],
	options: RunChildOptions = {},
): Promise<ChildResult> {
	const path = script.startsWith("/") ? script : join(benchDir, script);
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [...(options.nodeFlags ?? []), path, ...args], {
			cwd: join(benchDir, ".."),
			env: { ...process.env, ...options.env },
			stdio: ["ignore", "pipe", "pipe"],
		});
		let stdout = "";
		let stderr = "";
		let timedOut = false;
		child.stdout.on("data", (chunk: Buffer) => {
			stdout += chunk;
			if (options.echo) process.stdout.write(chunk);
		});
		child.stderr.on("data", (chunk: Buffer) => {
			stderr += chunk;
			if (options.echo) process.stderr.write(chunk);
		});
		const timer = options.timeoutMs
			? setTimeout(() => {
					timedOut = true;
					child.kill("SIGKILL");
				}, options.timeoutMs)
			: undefined;
		child.on("error", reject);
		child.on("close", (code, signal) => {
			if (timer) clearTimeout(timer);
			resolve({ code, signal, stdout, stderr, timedOut, wallMs: performance.now() - started });
		});
	});
}

/** The object on the child's last `@@result` line; throws with its output when there is none. */
export function parseResultLine<Result>(child: ChildResult, what: string): Result {
	const line = child.stdout
		.split("\n")
		.reverse()
		.find((candidate) => candidate.startsWith("@@result "));
	if (!line || child.code !== 0) {
		const tail = (child.stderr || child.stdout).trim().split("\n").slice(-15).join("\n");
		throw new Error(
			`${what} failed (${child.timedOut ? "timed out" : `exit ${child.code ?? child.signal}`}):\n${tail}`,
		);
	}
	return JSON.parse(line.slice("@@result ".length)) as Result;
}
