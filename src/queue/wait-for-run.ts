import type { Redis } from "ioredis";
import type { SequencedEvent } from "../service/event-bus.ts";
import { runKeys } from "./redis-keys.ts";
import type { RunOutcome } from "./run-scripts.ts";
import { parseRunEntry, type StreamEntry } from "./run-stream.ts";

/**
 * Waits until a queued run is finished, reading its events from Redis as they come (each
 * passed to `onEvent`), and resolves with its outcome from the result hash. `redis` blocks
 * on XREAD: give it a connection of its own.
 */
export async function waitForRun(
	redis: Redis,
	runId: string,
	options: { onEvent?: (event: SequencedEvent) => void; signal?: AbortSignal } = {},
): Promise<RunOutcome> {
	const keys = runKeys(runId);
	let position = "0-0";
	const read = async (block: boolean) => {
		const reply = (
			block
				? await redis.xread("COUNT", 1000, "BLOCK", 1000, "STREAMS", keys.stream, position)
				: await redis.xread("COUNT", 1000, "STREAMS", keys.stream, position)
		) as Array<[string, StreamEntry[]]> | null;
		const entries = reply?.[0]?.[1] ?? [];
		for (const entry of entries) {
			position = entry[0];
			const event = parseRunEntry(runId, entry);
			if (event) options.onEvent?.(event);
		}
		return entries.length;
	};
	for (;;) {
		options.signal?.throwIfAborted();
		const result = await redis.hgetall(keys.result);
		if (!result.status) {
			await read(true);
		} else {
			while ((await read(false)) > 0) {}
			return {
				status: result.status as RunOutcome["status"],
				report: result.report ?? "",
				reportPath: result.reportPath ?? "",
				error: result.error ?? "",
				worker: result.worker ?? "",
			};
		}
	}
}
