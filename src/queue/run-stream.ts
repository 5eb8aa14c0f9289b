import type { Redis } from "ioredis";
import type { CrewEvent } from "../events.ts";
import type { SequencedEvent } from "../service/event-bus.ts";
import { runKeys } from "./redis-keys.ts";

/** A stream entry as ioredis returns it: id and a flat list of fields and values. */
export type StreamEntry = [id: string, fields: string[]];

/** The stream position after `seq`: entry ids are `<seq>-0`. */
export const afterSeq = (seq: number) => `${seq}-0`;

/** Reads an entry of a run stream; undefined when it is not one. */
export function parseRunEntry(runId: string, [, fields]: StreamEntry): SequencedEvent | undefined {
	const values = fieldMap(fields);
	const seq = Number(values.get("seq"));
	const data = values.get("event");
	if (!Number.isInteger(seq) || data === undefined) return undefined;
	return { runId, seq, event: JSON.parse(data) as CrewEvent };
}

export function fieldMap(fields: readonly string[]): Map<string, string> {
	const values = new Map<string, string>();
	for (let index = 0; index + 1 < fields.length; index += 2) {
		values.set(fields[index] as string, fields[index + 1] as string);
	}
	return values;
}

/** Every event of a run recorded so far in Redis, in order. */
export async function readRunEvents(redis: Redis, runId: string): Promise<SequencedEvent[]> {
	const key = runKeys(runId).stream;
	const events: SequencedEvent[] = [];
	let from = "-";
	for (;;) {
		const entries = (await redis.xrange(key, from, "+", "COUNT", 1000)) as StreamEntry[];
		for (const entry of entries) {
			const event = parseRunEntry(runId, entry);
			if (event) events.push(event);
		}
		if (entries.length < 1000) return events;
		from = `(${entries.at(-1)?.[0] ?? "0-0"}`;
	}
}
