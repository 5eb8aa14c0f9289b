import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { buildCrew } from "../config/build-crew.ts";
import type { CrewSpec } from "../config/crew-spec.ts";
import type { Crew } from "../crew/crew.ts";
import { ConfigError } from "../errors.ts";
import { reportStructure } from "../report/report-structure.ts";
import { createResearchCrew, type ResearchStrategy } from "../research/research-crew.ts";
import { createSearchSourcesTool } from "../sources/search-sources-tool.ts";
import { openSourceIndex, type SourceIndex } from "../sources/source-index.ts";
import { createSourceRegistry } from "../sources/source-registry.ts";
import type { Tool } from "../tools/define-tool.ts";
import { createFileTools } from "../tools/files/file-tools.ts";
import { resolveInWorkspace } from "../tools/files/workspace-path.ts";
import {
	createFetchPageTool,
	createSearchBackend,
	createWebSearchTool,
	type SearchBackendName,
} from "../tools/web/index.ts";

/**
 * The embedded model's settings a run was started with (`--context`, `--threads`): a
 * resume or replay of the run uses them unless it is given others.
 */
export interface RunModelSettings {
	contextSize?: number | undefined;
	threads?: number | undefined;
}

/**
 * Everything needed to run a crew again, as plain JSON: the run store keeps it, so a run
 * can be resumed or replayed by the CLI, the server or a worker on another machine.
 */
export interface YamlRunDefinition {
	kind: "yaml";
	crewName: string;
	crewDir: string;
	spec: CrewSpec;
	model: string;
	/** Where the final answer is written. */
	out: string;
	/** Numbered sections the final report must have; undefined: no check. */
	sections: number | undefined;
	/** The folder file tools and output files are confined to. */
	workspace: string;
	/** Workspace paths file tools must not read or write, besides the built-in ones (`--protect`). */
	protect?: string[] | undefined;
	/** Remember between runs in this SQLite file (`crewkit run --memory`; see src/memory). */
	memory?: { path: string } | undefined;
	/** Every agent uses `model`, whatever its `llm:` says (`--model-all`, scripted and replay models). */
	overrideAgentModels?: boolean | undefined;
	/** A crewkit project's crew.ts: its `createCrew()` builds the crew (custom tools, schemas). */
	crewModule?: string | undefined;
	/** `--context` and `--threads` of the run, kept for its resume and replays. */
	modelSettings?: RunModelSettings | undefined;
}

/** crewkit's research crew: grounded in local sources and the web. */
export interface ResearchRunDefinition {
	kind: "research";
	/** The research crew's YAML folder (personas and task descriptions). */
	crewDir: string;
	spec: CrewSpec;
	model: string;
	out: string;
	sections: number;
	/** A folder of local documents to index and search. */
	sources: string | undefined;
	/** Search and read the web (`web_search`, `fetch_page`). */
	web: { backend: SearchBackendName | undefined; allowPrivateNetwork: boolean } | undefined;
	/** Write an ungrounded report without failing the run. */
	allowUngrounded: boolean;
	/** A person reviews the outline before writing (`--review`; see src/research/review-research.ts). */
	review?: boolean | undefined;
	workspace: string;
	/** How the researcher works (default `pipeline`; see `ResearchCrewOptions.strategy`). */
	strategy?: ResearchStrategy | undefined;
	/** Remember between runs in this SQLite file (`crewkit run --memory`; see src/memory). */
	memory?: { path: string } | undefined;
	/** `--context` and `--threads` of the run, kept for its resume and replays. */
	modelSettings?: RunModelSettings | undefined;
}

/** A flow from a TypeScript module (`crewkit run --flow ./flow.ts`); see src/flow. */
export interface FlowRunDefinition {
	kind: "flow";
	flowName: string;
	/** The module's absolute path (it must exist on the machine that runs the flow). */
	flowFile: string;
	/** The export holding the flow; default: the default export, or the only flow. */
	exportName?: string | undefined;
	/** The model of crews inside steps whose agents name none. */
	model: string;
	/** Where the flow's result (the last step's output) is written. */
	out: string;
	workspace: string;
	/** A flow has no crew spec of its own (its crews are in its module): empty. */
	spec: CrewSpec;
	/** Unused by flows; kept so that every definition has the same fields. */
	sections?: undefined;
	memory?: undefined;
	/** `--context` and `--threads` of the run, kept for its resume and replays. */
	modelSettings?: RunModelSettings | undefined;
}

export type RunDefinition = YamlRunDefinition | ResearchRunDefinition | FlowRunDefinition;

export function isRunDefinition(value: unknown): value is RunDefinition {
	const kind =
		typeof value === "object" && value !== null ? (value as { kind?: unknown }).kind : undefined;
	return kind === "yaml" || kind === "research" || kind === "flow";
}

/** A crew built from a definition, and what to release after its run. */
export interface BuiltCrew {
	crew: Crew;
	/** The name of the task whose answer is the report. */
	finalTask: string;
	dispose(): void;
}

/** Builds the crew a definition describes. */
export async function buildRunCrew(
	definition: YamlRunDefinition | ResearchRunDefinition,
): Promise<BuiltCrew> {
	if (definition.kind === "research") return buildResearchCrew(definition);
	const crew = definition.crewModule
		? await loadCrewModule(definition.crewModule)
		: await buildYamlCrew(definition);
	return { crew, finalTask: crew.tasks.at(-1)?.name ?? "", dispose: () => {} };
}

/**
 * The research crew with its source tools: the local index of `sources` (kept in
 * `.crewkit/`, so unchanged files are not read again) and the web tools.
 */
async function buildResearchCrew(definition: ResearchRunDefinition): Promise<BuiltCrew> {
	const registry = createSourceRegistry();
	const tools: Tool[] = [];
	let index: SourceIndex | undefined;
	if (definition.sources) {
		const folder = resolve(definition.workspace, definition.sources);
		const key = createHash("sha256").update(folder).digest("hex").slice(0, 12);
		index = openSourceIndex(join(definition.workspace, ".crewkit", `sources-${key}.db`));
		await index.ingest(folder);
		if (index.stats().chunks === 0) {
			index.close();
			throw new ConfigError(
				`--sources ${definition.sources}: no readable documents (markdown, text, HTML, PDF) found there.`,
			);
		}
		tools.push(createSearchSourcesTool({ index, registry, baseFolder: definition.workspace }));
	}
	if (definition.web) {
		tools.push(
			createWebSearchTool({
				backend: createSearchBackend({ backend: definition.web.backend }),
				registry,
			}),
			createFetchPageTool({ registry, allowPrivateAddresses: definition.web.allowPrivateNetwork }),
		);
	}
	const crew = createResearchCrew({
		spec: definition.spec,
		sections: definition.sections,
		registry,
		tools,
		workspace: definition.workspace,
		...(definition.strategy ? { strategy: definition.strategy } : {}),
	});
	return { crew, finalTask: "verification_task", dispose: () => index?.close() };
}

/**
 * A YAML crew: the report check on the final task, file tools and output files confined to
 * the workspace.
 */
async function buildYamlCrew(definition: YamlRunDefinition): Promise<Crew> {
	const spec = await confineOutputFiles(definition.spec, definition.workspace);
	const lastTask = spec.tasks.at(-1)?.name ?? "";
	return buildCrew(spec, {
		name: definition.crewName,
		tools: yamlCrewTools(spec, definition.workspace, definition.protect),
		guardrails:
			definition.sections === undefined
				? {}
				: { [lastTask]: [reportStructure(definition.sections)] },
		overrideAgentModels: definition.overrideAgentModels === true,
	});
}

/**
 * The built-in tools a YAML crew may name: the file tools (confined to the workspace), and
 * the web tools when an agent or task names them (CrewAI's search and scrape tools map to
 * them), citing into one source registry.
 */
function yamlCrewTools(spec: CrewSpec, workspace: string, protect: string[] | undefined): Tool[] {
	const tools = createFileTools({ root: workspace, allowWrite: true, protect });
	const named = new Set([
		...spec.agents.flatMap((agent) => agent.tools),
		...spec.tasks.flatMap((task) => task.tools ?? []),
	]);
	if (named.has("web_search") || named.has("fetch_page")) {
		const registry = createSourceRegistry();
		tools.push(
			createWebSearchTool({ backend: createSearchBackend(), registry }),
			createFetchPageTool({ registry, allowPrivateAddresses: false }),
		);
	}
	return tools;
}

/** The crew of a crewkit project's crew.ts: `createCrew()`, or a default export of a crew or factory. */
export async function loadCrewModule(path: string): Promise<Crew> {
	return (await importCrewModule(path)).crew;
}

/**
 * A crewkit project's crew.ts, imported: its crew (as `loadCrewModule`) and all it exports
 * (`defaultInputs`, for `crewkit test`).
 * @throws ConfigError when it exports no crew.
 */
export async function importCrewModule(
	path: string,
): Promise<{ crew: Crew; exports: Record<string, unknown> }> {
	const exports = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
	const factory = exports.createCrew ?? exports.default;
	const crew = typeof factory === "function" ? await factory() : factory;
	if (!isCrew(crew)) {
		throw new ConfigError(
			"crew.ts must export createCrew(), a function returning the crew (or a default export of one).",
			{ file: path },
		);
	}
	return { crew, exports };
}

/** A crew, judged by its shape: crew.ts may import crewkit through another path than this module. */
function isCrew(value: unknown): value is Crew {
	return (
		typeof value === "object" &&
		value !== null &&
		typeof (value as Crew).kickoff === "function" &&
		Array.isArray((value as Crew).tasks)
	);
}

/** A YAML crew's `output_file`s must stay inside the workspace. */
async function confineOutputFiles(spec: CrewSpec, workspace: string): Promise<CrewSpec> {
	const tasks = await Promise.all(
		spec.tasks.map(async (task) => {
			if (!task.outputFile) return task;
			try {
				return { ...task, outputFile: await resolveInWorkspace(workspace, task.outputFile) };
			} catch (error) {
				throw new ConfigError(
					`Task '${task.name}': output_file ${(error as Error).message}`,
					task.location,
				);
			}
		}),
	);
	return { ...spec, tasks };
}
