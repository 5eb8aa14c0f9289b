import { stat } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { ConfigError } from "../errors.ts";
import { keywordQuery } from "../memory/keyword-query.ts";
import type { FilePassage } from "../sources/quote-source.ts";
import { registerHit } from "../sources/register-hit.ts";
import type { SourceIndex } from "../sources/source-index.ts";
import { createSourceRegistry, type SourceRegistry } from "../sources/source-registry.ts";
import {
	acquireKnowledgeIndex,
	type KnowledgeIndexSettings,
	releaseKnowledgeIndex,
} from "./knowledge-index.ts";
import type { KnowledgeOptions } from "./knowledge-options.ts";

/** Who knowledge is attached to: the crew or one of its agents. */
export interface KnowledgeOwner {
	name: string;
	knowledge: readonly string[];
}

/** The knowledge of one run: an index per agent (its own paths and the crew's). */
export interface RunKnowledge {
	/**
	 * The passages of `agent`'s knowledge (and the crew's) best matching `query` (its
	 * content words, BM25), each registered as a source with the passage, so it can be cited.
	 */
	passagesFor(agent: string, query: string): FilePassage[];
	/** The registry the passages are numbered in. */
	readonly registry: SourceRegistry;
	close(): Promise<void>;
}

/**
 * Opens the knowledge of a run: checks every path exists, then indexes each distinct set
 * of paths once (unchanged files are skipped). `undefined` when nothing has knowledge.
 * @throws ConfigError naming the agent (or crew) whose knowledge path is missing.
 */
export async function openRunKnowledge(
	crew: KnowledgeOwner,
	agents: readonly KnowledgeOwner[],
	options: KnowledgeOptions = {},
): Promise<RunKnowledge | undefined> {
	if (crew.knowledge.length === 0 && agents.every((agent) => agent.knowledge.length === 0)) {
		return undefined;
	}
	const baseFolder = resolve(options.baseFolder ?? process.cwd());
	const folder = options.folder
		? resolve(baseFolder, options.folder)
		: join(baseFolder, ".crewkit", "knowledge");
	const limit = options.limit ?? 3;
	if (!Number.isInteger(limit) || limit < 1 || limit > 20) {
		throw new ConfigError(`knowledge: limit must be a whole number from 1 to 20, got ${limit}.`);
	}
	const crewPaths = await existingPaths(crew.knowledge, `crew '${crew.name}'`, baseFolder);
	const settingsOf = new Map<string, KnowledgeIndexSettings>();
	for (const agent of agents) {
		const own = await existingPaths(agent.knowledge, `agent '${agent.name}'`, baseFolder);
		const paths = [...new Set([...crewPaths, ...own])].sort();
		if (paths.length) {
			settingsOf.set(agent.name, { paths, folder, chunk: options.chunk });
		}
	}
	const distinct = new Map<string, KnowledgeIndexSettings>();
	for (const settings of settingsOf.values()) distinct.set(settings.paths.join("\n"), settings);
	const acquired = await Promise.allSettled(
		[...distinct.values()].map(async (settings) => ({
			settings,
			index: await acquireKnowledgeIndex(settings),
		})),
	);
	const opened = acquired.flatMap((result) =>
		result.status === "fulfilled" ? [result.value] : [],
	);
	const failure = acquired.find((result) => result.status === "rejected");
	if (failure) {
		await Promise.all(opened.map(({ settings }) => releaseKnowledgeIndex(settings)));
		throw failure.reason;
	}
	const indexOf = new Map<string, SourceIndex>();
	for (const { settings, index } of opened) indexOf.set(settings.paths.join("\n"), index);
	const registry = options.registry ?? createSourceRegistry();

	return {
		registry,
		passagesFor(agent, query) {
			const settings = settingsOf.get(agent);
			const index = settings && indexOf.get(settings.paths.join("\n"));
			if (!index) return [];
			return index
				.search(keywordQuery(query), { limit })
				.map((hit) => registerHit(registry, hit, baseFolder));
		},
		async close() {
			await Promise.all(opened.map(({ settings }) => releaseKnowledgeIndex(settings)));
		},
	};
}

/** The absolute paths of `paths`, each checked to exist. */
async function existingPaths(
	paths: readonly string[],
	owner: string,
	baseFolder: string,
): Promise<string[]> {
	return Promise.all(
		paths.map(async (path) => {
			const absolute = isAbsolute(path) ? path : resolve(baseFolder, path);
			const found = await stat(absolute).catch(() => undefined);
			if (!found?.isFile() && !found?.isDirectory()) {
				throw new ConfigError(
					`Knowledge '${path}' of ${owner} does not exist (looked for ${absolute}). Give a file or folder of markdown, text, HTML or PDF documents.`,
				);
			}
			return absolute;
		}),
	);
}
