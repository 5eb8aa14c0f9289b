/**
 * Runs one framework's crew over many topics against the latency server, in a child
 * process, and relates its wall time to the ideal `calls × latency / concurrency`.
 */
import type { FrameworkEntry } from "./frameworks.ts";
import type { LatencyServer } from "./latency-server.ts";
import { parseResultLine, runChild } from "./run-child.ts";

export interface BatchFigures {
	wallMs: number;
	/** Model calls of the measured runs (the warm-up runs' excluded). */
	calls: number;
	callsPerRun: number;
	/** calls × latency / concurrency. */
	idealMs: number;
	/** ceil(runs / concurrency) × calls per run × latency: the best with whole runs per slot. */
	wholeRunBoundMs: number;
	peakInFlight: number;
	usedOwnBatchApi: boolean;
	maxRssMb: number;
}

export async function measureBatch(
	entry: FrameworkEntry,
	server: LatencyServer,
	options: { topics: number; concurrency: number; latencyMs: number },
): Promise<BatchFigures> {
	server.reset();
	const child = await runChild(
		"support/crew-worker.ts",
		[
			"server",
			entry.name,
			"--url",
			server.url,
			"--topics",
			String(options.topics),
			"--concurrency",
			String(options.concurrency),
		],
		{ timeoutMs: 600_000 },
	);
	const result = parseResultLine<{
		wallMs: number;
		runs: number;
		warmupRuns: number;
		usedOwnBatchApi: boolean;
		maxRssMb: number;
	}>(child, entry.label);
	const total = server.requests();
	const callsPerRun = total / (result.runs + result.warmupRuns);
	const calls = callsPerRun * result.runs;
	return {
		wallMs: result.wallMs,
		calls,
		callsPerRun,
		idealMs: (calls * options.latencyMs) / options.concurrency,
		wholeRunBoundMs: Math.ceil(result.runs / options.concurrency) * callsPerRun * options.latencyMs,
		peakInFlight: server.peakInFlight(),
		usedOwnBatchApi: result.usedOwnBatchApi,
		maxRssMb: result.maxRssMb,
	};
}
