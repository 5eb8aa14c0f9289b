import { access } from "node:fs/promises";
import type { Redis } from "ioredis";
import { writeOutputFile } from "../crew/write-output.ts";
import { isRunDefinition, type RunDefinition } from "../service/run-definition.ts";
import type { RunStore } from "../store/run-store.ts";
import { runIndexKey, runKeys } from "./redis-keys.ts";
import { rebaseDefinition } from "./run-job.ts";
import { afterSeq, fieldMap, parseRunEntry, type StreamEntry } from "./run-stream.ts";

/** A reader following runs in Redis; `stop` ends it. */
export interface RunFollower {
	stop(): Promise<void>;
}

const streamPrefix = runKeys("").stream;

/**
 * Follows every run in the run index: blocks on XREAD over the index and the streams of
 * unfinished runs, records each event into `store` (creating the run at its first event,
 * with its definition rebased onto `workspace`; until then it is queued) and writes a completed run's report from its
 * result hash. Sequence numbers match: the store numbers events 1, 2, 3… as the stream does.
 * Started again, it picks up each unfinished run after the last event its store holds.
 * `blocking` is used for XREAD only; `stop` disconnects it.
 */
export function followRuns(options: {
	blocking: Redis;
	commands: Redis;
	store: RunStore;
	workspace: string;
	onError?: (error: unknown) => void;
}): RunFollower {
	const { blocking, commands, store } = options;
	/** Stream position of each unfinished run. */
	const following = new Map<string, string>();
	/** Index entries of runs not in the store yet. */
	const unseen = new Map<string, Map<string, string>>();
	let indexPosition = "0-0";
	let stopped = false;
	const reportError = (error: unknown) => {
		if (!stopped) options.onError?.(error);
	};

	const sight = (fields: Map<string, string>) => {
		const runId = fields.get("runId");
		if (!runId || following.has(runId)) return;
		const existing = store.getRun(runId);
		if (existing && existing.status !== "running" && existing.status !== "waiting") return;
		if (!existing) unseen.set(runId, fields);
		following.set(runId, afterSeq(existing ? (store.events(runId).at(-1)?.seq ?? 0) : 0));
	};

	/** Creates a run in the store at its first event (until then it is only queued). */
	const createRun = (runId: string) => {
		const fields = unseen.get(runId);
		if (!fields) return;
		unseen.delete(runId);
		const definition: unknown = JSON.parse(fields.get("definition") ?? "null");
		store.createRun({
			id: runId,
			crew: fields.get("crew") ?? "crew",
			inputs: JSON.parse(fields.get("inputs") ?? "{}"),
			definition: isRunDefinition(definition)
				? rebaseDefinition(definition, options.workspace)
				: definition,
		});
	};

	const record = (runId: string, entry: StreamEntry) => {
		following.set(runId, entry[0]);
		const sequenced = parseRunEntry(runId, entry);
		if (!sequenced) return;
		createRun(runId);
		const waited =
			sequenced.event.type === "run-start" && store.getRun(runId)?.status === "waiting";
		if (waited) {
			// A waiting run continues on a worker: running again, as a resume marks it.
			const run = store.getRun(runId);
			if (run)
				store.createRun({
					id: runId,
					crew: run.crew,
					inputs: run.inputs,
					definition: run.definition,
				});
		}
		const seq = store.record(sequenced.event);
		if (seq !== sequenced.seq) {
			reportError(
				new Error(`Run ${runId}: event ${sequenced.seq} in Redis was recorded as ${seq}.`),
			);
		}
		if (sequenced.event.type !== "run-end") return;
		// A run waiting for a person goes on once answered: keep following its stream.
		if (sequenced.event.status === "waiting") return;
		following.delete(runId);
		if (sequenced.event.status === "completed" || sequenced.event.status === "ungrounded")
			writeReport(runId).catch(reportError);
	};

	const writeReport = async (runId: string) => {
		const definition = store.getRun(runId)?.definition;
		if (!isRunDefinition(definition)) return;
		const { out } = definition as RunDefinition;
		if (
			await access(out).then(
				() => true,
				() => false,
			)
		)
			return;
		const report = await commands.hget(runKeys(runId).result, "report");
		if (report !== null) await writeOutputFile(out, report);
	};

	const loop = async () => {
		while (!stopped) {
			const runIds = [...following.keys()];
			const keys = [runIndexKey, ...runIds.map((runId) => runKeys(runId).stream)];
			const positions = [indexPosition, ...runIds.map((runId) => following.get(runId) ?? "0-0")];
			let reply: Array<[string, StreamEntry[]]> | null;
			try {
				reply = (await blocking.xread(
					"COUNT",
					1000,
					"BLOCK",
					1000,
					"STREAMS",
					...keys,
					...positions,
				)) as Array<[string, StreamEntry[]]> | null;
			} catch (error) {
				if (stopped) return;
				reportError(error);
				await new Promise((resolve) => setTimeout(resolve, 500));
				continue;
			}
			for (const [key, entries] of reply ?? []) {
				for (const entry of entries) {
					try {
						if (key === runIndexKey) {
							indexPosition = entry[0];
							sight(fieldMap(entry[1]));
						} else {
							record(key.slice(streamPrefix.length), entry);
						}
					} catch (error) {
						reportError(error);
					}
				}
			}
		}
	};
	const running = loop();

	return {
		async stop() {
			stopped = true;
			blocking.disconnect();
			await running;
		},
	};
}
