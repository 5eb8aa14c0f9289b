/**
 * The frameworks the benchmarks compare, in table order, and where each one's crew is.
 * Peer modules live in `bench/peers/` and are imported by computed path only, so type
 * checking crewkit never needs the peers installed.
 */
import { fileURLToPath } from "node:url";

export interface FrameworkEntry {
	/** Key on the command line and in result files. */
	name: string;
	/** Row label in tables. */
	label: string;
	/** The module defining `createCrew`, relative to `bench/`. */
	module: string;
	/** Its export building the crew (default `createCrew`). */
	factory?: string;
	/** npm packages whose versions the results report. */
	packages: readonly string[];
	/** A peer: needs `bench/peers/node_modules`. */
	peer: boolean;
	/** A diagnostic row, not a framework a user would choose. */
	diagnostic?: boolean;
	/** A way of running batches only (its single runs are another entry's): concurrency rows. */
	batchOnly?: boolean;
}

export const frameworks: readonly FrameworkEntry[] = [
	{
		name: "floor",
		label: "two plain async calls (floor)",
		module: "support/floor-crew.ts",
		packages: [],
		peer: false,
	},
	{
		name: "ai-sdk",
		label: "AI SDK generateText ×2",
		module: "support/ai-sdk-crew.ts",
		packages: ["ai"],
		peer: false,
	},
	{
		name: "crewkit",
		label: "crewkit",
		module: "support/crewkit-crew.ts",
		packages: ["crewkit"],
		peer: false,
	},
	{
		name: "crewkit-bare",
		label: "crewkit, bare model (diagnostic)",
		module: "support/crewkit-crew.ts",
		factory: "createBareCrew",
		packages: ["crewkit"],
		peer: false,
		diagnostic: true,
	},
	{
		name: "crewkit-call-slots",
		label: "crewkit, model calls at a time (kickoffForEach callConcurrency)",
		module: "support/crewkit-crew.ts",
		factory: "createCallSlotsCrew",
		packages: ["crewkit"],
		peer: false,
		batchOnly: true,
	},
	{
		name: "openai-agents",
		label: "OpenAI Agents JS",
		module: "peers/openai-agents.ts",
		packages: ["@openai/agents"],
		peer: true,
	},
	{
		name: "langgraph",
		label: "LangGraph.js",
		module: "peers/langgraph.ts",
		packages: ["@langchain/langgraph", "@langchain/core"],
		peer: true,
	},
	{
		name: "kaibanjs",
		label: "KaibanJS",
		module: "peers/kaibanjs.ts",
		packages: ["kaibanjs"],
		peer: true,
	},
	{
		name: "mastra",
		label: "Mastra",
		module: "peers/mastra.ts",
		packages: ["@mastra/core"],
		peer: true,
	},
];

/** The folder `bench/`. */
export const benchDir = fileURLToPath(new URL("..", import.meta.url));

/** The framework of this name; throws with the known names otherwise. */
export function findFramework(name: string): FrameworkEntry {
	const entry = frameworks.find((candidate) => candidate.name === name);
	if (!entry) {
		throw new Error(
			`Unknown framework '${name}'. Known: ${frameworks.map((item) => item.name).join(", ")}.`,
		);
	}
	return entry;
}
