import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import {
	fakeGguf,
	type ModelFileServer,
	startModelFileServer,
} from "../../../test/support/model-file-server.ts";
import { ModelUnavailableError } from "../../errors.ts";
import { downloadModelFile } from "./download-model-file.ts";

const childScript = fileURLToPath(
	new URL("../../../test/support/download-child.ts", import.meta.url),
);
const file = fakeGguf(400_000);
const sha256 = createHash("sha256").update(file).digest("hex");
/** Opened by a test when the slow bodies may go on. */
const gates = { slow: deferred(), killed: deferred() };
let server: ModelFileServer;
let directory = "";

before(async () => {
	directory = await mkdtemp(path.join(tmpdir(), "crewkit-download-lock-"));
	server = await startModelFileServer({
		"/slow.gguf": { file, gate: gates.slow.promise, chunk: 16_384 },
		"/killed.gguf": { file, gate: gates.killed.promise, chunk: 16_384 },
		"/model.gguf": { file },
		"/missing.gguf": { status: 404 },
	});
});
after(async () => {
	gates.slow.resolve();
	gates.killed.resolve();
	await server.close();
	await rm(directory, { recursive: true, force: true });
});

test("two processes downloading one file: one transfer, the other waits and uses the verified file", {
	timeout: 60_000,
}, async () => {
	const target = path.join(directory, "shared.gguf");
	const first = startChild("/slow.gguf", target);
	// The first holds the lock and has bytes on disk before the second starts.
	await untilOutput(first, "stdout", "receiving");
	const second = startChild("/slow.gguf", target);
	const waiting = `waiting for another crewkit process (pid ${first.child.pid}) downloading shared.gguf`;
	await untilOutput(second, "stderr", waiting);
	gates.slow.resolve();
	const [one, two] = await Promise.all([exited(first), exited(second)]);
	assert.deepEqual(one, { code: 0, signal: null }, first.stderr);
	assert.deepEqual(two, { code: 0, signal: null }, second.stderr);
	assert.match(first.stdout, /downloaded/);
	assert.match(second.stdout, /downloaded/);
	assert.doesNotMatch(second.stdout, /receiving/, "the second downloaded nothing");
	assert.equal(second.stderr.split(waiting).length - 1, 1, "the wait is told once");
	assert.equal(server.requests.filter((request) => request.path === "/slow.gguf").length, 1);
	assert.equal(
		createHash("sha256")
			.update(await readFile(target))
			.digest("hex"),
		sha256,
	);
	assert.equal(existsSync(`${target}.part`), false);
	assert.equal(existsSync(`${target}.lock`), false, "the lock is released");
});

test("a lock left by a process that is gone is taken over, and its partial file resumed", async () => {
	const target = path.join(directory, "stale.gguf");
	const deadPid = await pidOfFinishedProcess();
	await writeFile(
		`${target}.lock`,
		JSON.stringify({ pid: deadPid, hostname: hostname(), startedAt: Date.now(), token: "gone" }),
	);
	await writeFile(`${target}.part`, file.subarray(0, 100_000));
	const told: string[] = [];
	await downloadModelFile(new URL("/model.gguf", server.origin), target, {
		allowPrivateNetwork: true,
		sha256,
		onWait: (message) => told.push(message),
	});
	assert.deepEqual(told, [], "a dead holder is not waited for");
	assert.deepEqual(await readFile(target), file);
	assert.equal(server.requests.at(-1)?.range, "bytes=100000-");
	assert.equal(existsSync(`${target}.lock`), false);

	// A live pid whose process started at another time is a reused pid: the lock is stale.
	if (existsSync("/proc/self/stat")) {
		const reused = path.join(directory, "reused.gguf");
		const lock = { pid: process.pid, hostname: hostname(), startedAt: 0, token: "reused" };
		await writeFile(`${reused}.lock`, JSON.stringify({ ...lock, processStart: "1" }));
		const waited: string[] = [];
		await downloadModelFile(new URL("/model.gguf", server.origin), reused, {
			allowPrivateNetwork: true,
			onWait: (message) => waited.push(message),
		});
		assert.deepEqual(waited, []);
		assert.equal(existsSync(`${reused}.lock`), false);
	}

	// A failed download releases its lock too.
	const missing = path.join(directory, "missing.gguf");
	await assert.rejects(
		downloadModelFile(new URL("/missing.gguf", server.origin), missing, {
			allowPrivateNetwork: true,
		}),
		/HTTP 404/,
	);
	assert.equal(existsSync(`${missing}.lock`), false);
});

test("a process stopped by SIGTERM releases its lock; a waiter gives up once the partial file stops growing", {
	timeout: 60_000,
}, async () => {
	const target = path.join(directory, "killed.gguf");
	const downloading = startChild("/killed.gguf", target);
	await untilOutput(downloading, "stdout", "receiving");
	const lock = JSON.parse(await readFile(`${target}.lock`, "utf8")) as { pid: number };
	assert.equal(lock.pid, downloading.child.pid);
	downloading.child.kill("SIGTERM");
	assert.deepEqual(await exited(downloading), { code: null, signal: "SIGTERM" });
	assert.equal(existsSync(`${target}.lock`), false, "released on SIGTERM");
	assert.equal(existsSync(`${target}.part`), true, "what arrived is kept");

	// A holder that is alive (this process) but whose partial file does not grow.
	await writeFile(
		`${target}.lock`,
		JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: 0, token: "stuck" }),
	);
	const told: string[] = [];
	await assert.rejects(
		downloadModelFile(new URL("/model.gguf", server.origin), target, {
			allowPrivateNetwork: true,
			onWait: (message) => told.push(message),
			waitStallMs: 300,
		}),
		(error: unknown) => {
			assert.ok(error instanceof ModelUnavailableError);
			assert.match(error.message, /pid \d+ .*has not grown for 0\.3 s/);
			assert.match(error.message, /delete .*killed\.gguf\.lock/);
			return true;
		},
	);
	assert.deepEqual(told, [
		`waiting for another crewkit process (pid ${process.pid}) downloading killed.gguf`,
	]);
	assert.equal(existsSync(`${target}.lock`), true, "a live holder's lock is left alone");
});

interface Child {
	child: ChildProcess;
	stdout: string;
	stderr: string;
}

function startChild(pathname: string, target: string): Child {
	const child = spawn(
		process.execPath,
		[
			"--conditions=crewkit-source",
			childScript,
			new URL(pathname, server.origin).href,
			target,
			sha256,
		],
		{ stdio: ["ignore", "pipe", "pipe"] },
	);
	const result: Child = { child, stdout: "", stderr: "" };
	child.stdout?.on("data", (chunk) => (result.stdout += chunk));
	child.stderr?.on("data", (chunk) => (result.stderr += chunk));
	return result;
}

/** Resolves once the child's output has `text`; rejects if it exits first or within 30 s it does not. */
function untilOutput(child: Child, stream: "stdout" | "stderr", text: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const check = () => {
			if (!child[stream].includes(text)) return;
			done();
			resolve();
		};
		const onExit = () =>
			reject(new Error(`The child exited before "${text}": ${child.stdout}${child.stderr}`));
		const timer = setTimeout(
			() => reject(new Error(`No "${text}" within 30 s: ${child.stdout}${child.stderr}`)),
			30_000,
		);
		const done = () => {
			clearTimeout(timer);
			child.child[stream]?.off("data", check);
			child.child.off("exit", onExit);
		};
		child.child[stream]?.on("data", check);
		child.child.once("exit", onExit);
		setImmediate(check);
	});
}

function exited(child: Child): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
	return new Promise((resolve) => {
		if (child.child.exitCode !== null || child.child.signalCode !== null)
			return resolve({ code: child.child.exitCode, signal: child.child.signalCode });
		child.child.once("close", (code, signal) => resolve({ code, signal }));
	});
}

/** The pid of a process that has ended (so no process has it, until the system reuses it). */
async function pidOfFinishedProcess(): Promise<number> {
	const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
	await new Promise((resolve) => child.once("exit", resolve));
	assert.ok(child.pid);
	return child.pid;
}

function deferred(): { promise: Promise<void>; resolve(): void } {
	let resolve = () => {};
	const promise = new Promise<void>((settle) => {
		resolve = settle;
	});
	return { promise, resolve };
}
