import { randomUUID } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { CancelledError, ModelUnavailableError } from "../../errors.ts";

/** Who holds a download lock: what `<file>.lock` contains. */
export interface LockHolder {
	pid: number;
	hostname: string;
	/** When the lock was taken (ms since the epoch). */
	startedAt: number;
	/** The process's start time as the kernel tells it (Linux), so a reused pid is not taken for it. */
	processStart?: string | undefined;
	/** Tells this holder's lock from a later one. */
	token: string;
}

export interface DownloadLockOptions {
	signal?: AbortSignal | undefined;
	/** Told once when another process holds the lock: "waiting for another crewkit process (pid N) downloading X". */
	onWait?: ((message: string) => void) | undefined;
	/** Give up when the holder's `<file>.part` has not grown for this long. Default 5 minutes. */
	stallMs?: number | undefined;
	/** How often the lock and the partial file are looked at while waiting. Default 500 ms. */
	pollMs?: number | undefined;
}

/** The signal handlers of the locks this process holds (each lock file has its own). */
const lockHandlers = new Set<(signal: NodeJS.Signals) => void>();

/** A lock file that cannot be read is taken for one being written for this long. */
const unreadableGraceMs = 10_000;

/**
 * Runs `work` while holding `<target>.lock`, so that one process at a time downloads to
 * `<target>.part`. The lock is created exclusively (`O_EXCL`) and holds the holder's pid,
 * host and start time. Another process waits for it, telling `onWait` once, and gives up
 * with a `ModelUnavailableError` only when the holder's partial file stops growing for
 * `stallMs`. A lock whose process is gone (on this host) is stale and taken over. The lock
 * is released when `work` settles, and on exit, SIGINT or SIGTERM (when nothing else in the
 * process handles those signals, it then ends as the signal would have ended it).
 */
export async function withDownloadLock<T>(
	target: string,
	options: DownloadLockOptions,
	work: () => Promise<T>,
): Promise<T> {
	const release = await acquire(target, options);
	try {
		return await work();
	} finally {
		release();
	}
}

async function acquire(target: string, options: DownloadLockOptions): Promise<() => void> {
	const lockFile = `${target}.lock`;
	const partial = `${target}.part`;
	const stallMs = options.stallMs ?? 5 * 60_000;
	const me: LockHolder = {
		pid: process.pid,
		hostname: hostname(),
		startedAt: Date.now(),
		processStart: await processStartOf(process.pid),
		token: randomUUID(),
	};
	let told = false;
	let watched: { token: string; size: number; since: number } | undefined;
	for (;;) {
		throwIfCancelled(options.signal, target);
		if (await create(lockFile, me)) return hold(lockFile, me);
		const holder = await readHolder(lockFile);
		if (holder === "missing") continue;
		if (holder === "unreadable" || (holder !== "being-written" && (await isStale(holder)))) {
			await takeOver(lockFile, holder === "unreadable" ? undefined : holder.token);
			continue;
		}
		if (holder === "being-written") {
			await pause(options, target);
			continue;
		}
		if (!told) {
			told = true;
			options.onWait?.(
				`waiting for another crewkit process (pid ${holder.pid}${holder.hostname === me.hostname ? "" : ` on ${holder.hostname}`}) downloading ${path.basename(target)}`,
			);
		}
		const size = (await stat(partial).catch(() => undefined))?.size ?? 0;
		const now = Date.now();
		if (!watched || watched.token !== holder.token || watched.size !== size) {
			watched = { token: holder.token, size, since: now };
		} else if (now - watched.since >= stallMs) {
			throw new ModelUnavailableError(
				`Another crewkit process (pid ${holder.pid} on ${holder.hostname}) is downloading ${path.basename(target)}, but ${partial} has not grown for ${formatWait(stallMs)}. Stop that process if it is stuck (or, if no crewkit process is downloading it, delete ${lockFile}), then try again.`,
			);
		}
		await pause(options, target);
	}
}

async function pause(options: DownloadLockOptions, target: string): Promise<void> {
	try {
		await delay(options.pollMs ?? 500, undefined, options.signal ? { signal: options.signal } : {});
	} catch (error) {
		throwIfCancelled(options.signal, target, error);
		throw error;
	}
}

/** Creates the lock file if there is none; false when another process holds it. */
async function create(lockFile: string, me: LockHolder): Promise<boolean> {
	try {
		await writeFile(lockFile, JSON.stringify(me), { flag: "wx" });
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
		throw error;
	}
}

async function readHolder(
	lockFile: string,
): Promise<LockHolder | "missing" | "being-written" | "unreadable"> {
	let text: string;
	try {
		text = await readFile(lockFile, "utf8");
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
		throw error;
	}
	const holder = parseHolder(text);
	if (holder) return holder;
	// Just created and not yet written, or damaged: wait a little before calling it stale.
	const age = Date.now() - ((await stat(lockFile).catch(() => undefined))?.mtimeMs ?? 0);
	return age >= unreadableGraceMs ? "unreadable" : "being-written";
}

function parseHolder(text: string): LockHolder | undefined {
	if (text.length > 4096) return undefined;
	try {
		const value = JSON.parse(text) as Partial<LockHolder>;
		if (
			Number.isSafeInteger(value.pid) &&
			typeof value.hostname === "string" &&
			typeof value.token === "string"
		)
			return value as LockHolder;
	} catch {}
	return undefined;
}

/** Whether the holder's process is gone: only known on this host; elsewhere the deadline decides. */
async function isStale(holder: LockHolder): Promise<boolean> {
	if (holder.hostname !== hostname()) return false;
	try {
		process.kill(holder.pid, 0);
	} catch (error) {
		// EPERM: alive, another user's.
		return (error as NodeJS.ErrnoException).code === "ESRCH";
	}
	if (!holder.processStart) return false;
	const started = await processStartOf(holder.pid);
	return started !== undefined && started !== holder.processStart;
}

/**
 * Removes a stale lock. It is first moved aside under a name of its own, then checked to
 * still be the stale one: if another process took over in between, its lock is put back.
 */
async function takeOver(lockFile: string, staleToken: string | undefined): Promise<void> {
	const aside = `${lockFile}.${process.pid}.${randomUUID()}.stale`;
	try {
		await rename(lockFile, aside);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
		throw error;
	}
	const moved = parseHolder(await readFile(aside, "utf8").catch(() => ""));
	if (moved && moved.token !== staleToken) {
		await writeFile(lockFile, JSON.stringify(moved), { flag: "wx" }).catch(() => {});
	}
	await rm(aside, { force: true });
}

/** Holds the lock until the returned release is called (or the process exits or is signalled). */
function hold(lockFile: string, me: LockHolder): () => void {
	const releaseNow = () => {
		try {
			if (parseHolder(readFileSync(lockFile, "utf8"))?.token === me.token) unlinkSync(lockFile);
		} catch {}
	};
	// Signals nothing else handles would end the process without "exit": release, then end
	// it as the signal would have. Where the process handles them (crewkit models pull
	// cancels the download), the release comes when `work` settles.
	const signals = (["SIGINT", "SIGTERM"] as const).filter((signal) =>
		process.listeners(signal).every((listener) => lockHandlers.has(listener)),
	);
	const onSignal = (signal: NodeJS.Signals) => {
		stopWatching();
		releaseNow();
		process.kill(process.pid, signal);
	};
	const stopWatching = () => {
		for (const signal of signals) process.off(signal, onSignal);
		lockHandlers.delete(onSignal);
		process.off("exit", releaseNow);
	};
	lockHandlers.add(onSignal);
	for (const signal of signals) process.on(signal, onSignal);
	process.on("exit", releaseNow);
	return () => {
		stopWatching();
		releaseNow();
	};
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); undefined elsewhere. */
async function processStartOf(pid: number): Promise<string | undefined> {
	const text = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
	// The command name (field 2) is in parentheses and may contain spaces.
	return text?.slice(text.lastIndexOf(")") + 2).split(" ")[19];
}

function formatWait(ms: number): string {
	return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} minutes` : `${ms / 1000} s`;
}

function throwIfCancelled(signal: AbortSignal | undefined, target: string, cause?: unknown): void {
	if (!signal?.aborted) return;
	throw new CancelledError(
		`Waiting for another crewkit process to download ${path.basename(target)} was cancelled.`,
		{ cause: cause ?? signal.reason },
	);
}
