import type { Redis } from "ioredis";
import type { CrewEvent } from "../events.ts";
import { pendingQuestions } from "../human/human-history.ts";
import type { HumanQuestion } from "../human/human-question.ts";
import type { SequencedEvent } from "../service/event-bus.ts";
import { runKeys } from "./redis-keys.ts";
import type { RunOutcome } from "./run-scripts.ts";
import { parseRunEntry, type StreamEntry } from "./run-stream.ts";

/** A queued run that stopped to wait for a person: what it asks. */
export interface WaitingOutcome {
	status: "waiting";
	questions: HumanQuestion[];
}

/**
 * Waits until a queued run is finished, reading its events from Redis as they come (each
 * passed to `onEvent`), and resolves with its outcome from the result hash; or, when the
 * run stops to wait for a person, with the questions it waits on (the run is not finished:
 * an answer puts it back on the queue). `redis` blocks on XREAD: give it a connection of
 * its own.
 */
export async function waitForRun(
	redis: Redis,
	runId: string,
	options: {
		onEvent?: (event: SequencedEvent) => void;
		signal?: AbortSignal;
		/** Events up to this seq are read but not passed to `onEvent` (already shown). */
		shownUntil?: number;
	} = {},
): Promise<RunOutcome | WaitingOutcome> {
	const keys = runKeys(runId);
	let position = "0-0";
	const events: CrewEvent[] = [];
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
			if (!event) continue;
			events.push(event.event);
			if (event.seq > (options.shownUntil ?? 0)) options.onEvent?.(event);
		}
		return entries.length;
	};
	const waits = () => {
		const last = events.at(-1);
		return last?.type === "run-end" && last.status === "waiting";
	};
	for (;;) {
		options.signal?.throwIfAborted();
		const result = await redis.hgetall(keys.result);
		if (!result.status) {
			await read(true);
			if (waits()) {
				while ((await read(false)) > 0) {}
				if (waits()) return { status: "waiting", questions: pendingQuestions(events) };
			}
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
