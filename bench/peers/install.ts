/**
 * Installs the peer frameworks into `bench/peers/node_modules` when they are missing or
 * not at the pinned versions. They are never crewkit dependencies: only the benchmarks load
 * them. Run on its own with `node bench/peers/install.ts`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder `bench/peers/`. */
export const peersDir = fileURLToPath(new URL(".", import.meta.url));

/** The pinned peers: package name → exact version. */
export function pinnedPeers(): Record<string, string> {
	const manifest = JSON.parse(readFileSync(join(peersDir, "package.json"), "utf8")) as {
		dependencies: Record<string, string>;
	};
	return manifest.dependencies;
}

/** Peers whose installed version is not the pinned one (missing ones included). */
export function stalePeers(): string[] {
	return Object.entries(pinnedPeers())
		.filter(([name, version]) => {
			const file = join(peersDir, "node_modules", name, "package.json");
			if (!existsSync(file)) return true;
			return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version !== version;
		})
		.map(([name]) => name);
}

/**
 * Installs the peers if any is missing or stale (`npm ci` with the lockfile, else
 * `npm install`). Returns the command run, or undefined when nothing was needed. Throws
 * when npm fails.
 */
export function ensurePeers(log: (line: string) => void = console.log): string | undefined {
	const stale = stalePeers();
	if (stale.length === 0) return undefined;
	const hasLock = existsSync(join(peersDir, "package-lock.json"));
	const args = [
		hasLock ? "ci" : "install",
		"--prefix",
		peersDir,
		"--no-audit",
		"--no-fund",
		"--loglevel=error",
	];
	const command = `npm ${args.join(" ").replace(peersDir, "bench/peers/")}`;
	log(`Installing the peer frameworks (${stale.join(", ")}): ${command}`);
	const result = spawnSync("npm", args, { stdio: "inherit" });
	if (result.status !== 0) {
		throw new Error(`${command} failed (exit ${result.status ?? result.signal}).`);
	}
	return command;
}

if (import.meta.main) ensurePeers();
