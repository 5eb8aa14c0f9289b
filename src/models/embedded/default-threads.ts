import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

/**
 * Threads that go faster than this are not expected on CPU inference (memory bandwidth
 * limits generation first); a cap from llama.cpp practice, not measured on the 2-core
 * machine of bench/RESULTS.md.
 */
export const maxDefaultThreads = 8;

/**
 * The embedded model's default thread count: one per physical core this process may use,
 * at most 8. Measured (bench/threads.bench.ts, bench/RESULTS.md "Threads", one round): on
 * 2 cores, 2 threads evaluated prompts twice as fast as 1 (156 vs 79 tokens/s) and
 * generated faster (29 vs 20), while 4 — node-llama-cpp's default — had not finished a
 * 256-token prompt after two minutes: llama.cpp's threads wait for each other, and a
 * thread without a core of its own stalls them all.
 * Hyperthreads share a core's arithmetic units, so they count once.
 */
export function defaultThreads(
	machine: { logicalCores: number; physicalCores: number | undefined } = {
		logicalCores: availableParallelism(),
		physicalCores: physicalCoreCount(),
	},
): number {
	const cores = Math.min(machine.logicalCores, machine.physicalCores ?? machine.logicalCores);
	return Math.max(1, Math.min(maxDefaultThreads, cores));
}

/**
 * Physical cores in a Linux `/proc/cpuinfo` text: distinct (physical id, core id) pairs,
 * or `undefined` when the text does not list them (other systems, some virtual machines).
 */
export function countPhysicalCores(cpuinfo: string): number | undefined {
	const cores = new Set<string>();
	for (const block of cpuinfo.split(/\n\s*\n/)) {
		const physical = /^physical id\s*:\s*(\d+)/m.exec(block)?.[1];
		const core = /^core id\s*:\s*(\d+)/m.exec(block)?.[1];
		if (physical !== undefined && core !== undefined) cores.add(`${physical}:${core}`);
	}
	return cores.size > 0 ? cores.size : undefined;
}

let physicalCores: { count: number | undefined } | undefined;

/** This machine's physical cores (Linux), read once; `undefined` elsewhere. */
export function physicalCoreCount(): number | undefined {
	if (!physicalCores) {
		let text = "";
		try {
			text = process.platform === "linux" ? readFileSync("/proc/cpuinfo", "utf8") : "";
		} catch {
			text = "";
		}
		physicalCores = { count: countPhysicalCores(text) };
	}
	return physicalCores.count;
}
