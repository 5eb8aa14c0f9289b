import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../errors.ts";
import type { MemoryFilter, MemoryRecord } from "../memory/memory-record.ts";
import { type MemoryStore, openMemoryStore } from "../memory/memory-store.ts";
import { recallMemories } from "../memory/recall-memories.ts";
import type { Command } from "./command.ts";
import type { CliIo } from "./io.ts";
import { parseCount } from "./parse-count.ts";
import { formatTable } from "./runs.ts";

export const command: Command = {
	usage: `Usage: crewkit memory <list|search|forget|reset|add> [options]

What crews remember between runs (crewkit run --memory, or memory: true in code):
task results, the names they mention, preferences and notes, per crew and agent.

Commands:
  list              the most recent memories
  search <query>    memories matching the words of <query>, best first (the
                    ranking runs use: BM25 relevance discounted by age)
  forget <id>       delete one memory
  reset             delete every memory, or with --crew every memory of one crew
  add <text>        remember a note for a crew (--crew), or with --preference a
                    preference given to every task of the crew

Options:
  --crew NAME       only this crew's memories (required by add)
  --agent NAME      only this agent's memories and its crew's shared ones
  --preference      add: store a preference rather than a note
  --limit N         how many to show (default 20)
  --db FILE         the memory store (default .crewkit/memory.db, or CREWKIT_MEMORY)
  --json            print JSON`,

	async run(args, io) {
		const { values, positionals } = parseArgs({
			args,
			allowPositionals: true,
			options: {
				crew: { type: "string" },
				agent: { type: "string" },
				preference: { type: "boolean", default: false },
				limit: { type: "string" },
				db: { type: "string" },
				json: { type: "boolean", default: false },
			},
		});
		const [action, ...rest] = positionals;
		const path = resolve(io.cwd, values.db ?? io.env.CREWKIT_MEMORY ?? ".crewkit/memory.db");
		const filter: MemoryFilter = {
			...(values.crew ? { crew: values.crew } : {}),
			...(values.agent ? { agent: values.agent } : {}),
		};
		const limit = values.limit === undefined ? 20 : parseCount(values.limit, "--limit");
		const print = (memories: MemoryRecord[], scores?: number[]) =>
			printMemories(io, memories, { json: values.json, scores });

		switch (action) {
			case "list":
				return withStore(io, path, false, (store) => {
					print(store.list({ ...filter, limit }));
					return 0;
				});
			case "search": {
				const query = rest.join(" ").trim();
				if (!query) throw new ConfigError("crewkit memory search needs a query, e.g. search Lutz.");
				return withStore(io, path, false, async (store) => {
					const found = await recallMemories(store, query, filter, { limit });
					print(
						found.map((match) => match.memory),
						found.map((match) => match.score),
					);
					return 0;
				});
			}
			case "forget": {
				const id = Number(rest[0]);
				if (rest.length !== 1 || !Number.isSafeInteger(id) || id < 1) {
					throw new ConfigError(
						"crewkit memory forget takes one memory id (see crewkit memory list).",
					);
				}
				return withStore(io, path, false, (store) => {
					if (!store.forget(id)) {
						throw new ConfigError(`There is no memory ${id} in ${path}. See crewkit memory list.`);
					}
					io.out(`Forgot memory ${id}.\n`);
					return 0;
				});
			}
			case "reset":
				return withStore(io, path, false, (store) => {
					const count = store.reset(values.crew ? { crew: values.crew } : {});
					io.out(
						`Forgot ${count} ${count === 1 ? "memory" : "memories"}${values.crew ? ` of crew '${values.crew}'` : ""}.\n`,
					);
					return 0;
				});
			case "add": {
				const text = rest.join(" ").trim();
				if (!text || !values.crew) {
					throw new ConfigError(
						'crewkit memory add needs a text and a crew, e.g. add "Use British spelling." --crew research --preference.',
					);
				}
				const crew = values.crew;
				return withStore(io, path, true, (store) => {
					const memory = store.add({
						crew,
						agent: values.agent,
						kind: values.preference ? "preference" : "note",
						text,
					});
					io.out(
						values.json ? `${JSON.stringify(memory, null, 2)}\n` : `Remembered ${memory.id}.\n`,
					);
					return 0;
				});
			}
			default:
				throw new ConfigError(
					`crewkit memory: unknown command '${action ?? ""}'. Use list, search <query>, forget <id>, reset or add <text>.`,
				);
		}
	},
};

/** Opens the store for one command; reading commands do not create a missing store. */
async function withStore(
	io: CliIo,
	path: string,
	create: boolean,
	work: (store: MemoryStore) => number | Promise<number>,
): Promise<number> {
	if (!create && path !== ":memory:" && !existsSync(path)) {
		io.out(`No memories yet (no ${path}). Runs remember with: crewkit run --memory\n`);
		return 0;
	}
	const store = openMemoryStore(path, { env: io.env });
	try {
		return await work(store);
	} finally {
		store.close();
	}
}

function printMemories(
	io: CliIo,
	memories: MemoryRecord[],
	options: { json: boolean; scores: number[] | undefined },
): void {
	if (options.json) {
		const rows = memories.map((memory, index) =>
			options.scores ? { ...memory, score: options.scores[index] } : memory,
		);
		io.out(`${JSON.stringify(rows, null, 2)}\n`);
		return;
	}
	if (memories.length === 0) {
		io.out("No memories match.\n");
		return;
	}
	const rows = memories.map((memory, index) => [
		String(memory.id),
		memory.crew,
		memory.agent ?? "-",
		memory.kind === "result" ? `result:${memory.subject ?? ""}` : memory.kind,
		new Date(memory.updatedAt).toISOString().slice(0, 10),
		...(options.scores ? [(options.scores[index] ?? 0).toFixed(2)] : []),
		oneLine(memory.summary, 72),
	]);
	const headers = ["id", "crew", "agent", "kind", "seen", "summary"];
	if (options.scores) headers.splice(5, 0, "score");
	io.out(formatTable(headers, rows));
}

function oneLine(text: string, maxChars: number): string {
	const line = text.replace(/\s+/g, " ").trim();
	return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
}
