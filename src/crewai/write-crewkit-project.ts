import { copyFile, mkdir, readdir, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { stringify } from "yaml";
import type { CrewSpec, CrewWarning } from "../config/crew-spec.ts";
import { collectPlaceholders } from "../config/placeholders.ts";
import { ConfigError } from "../errors.ts";
import type { CrewkitPackage } from "../scaffold/crewkit-package.ts";
import { packageJson } from "../scaffold/scaffold-project.ts";
import { formatCrewWarnings } from "./format-warnings.ts";
import { zodCode } from "./zod-code.ts";

export interface WriteProjectOptions {
	name: string;
	folder: string;
	spec: CrewSpec;
	crewkit: CrewkitPackage;
	/** The folder the source project's warnings are relative to. */
	sourceRoot: string;
}

/**
 * Writes a crewkit project equivalent to a loaded CrewAI crew: agents.yaml and tasks.yaml
 * in crewkit's form, crew.ts (tools, answer schemas, process), a test on recorded model calls
 * (test/calls.json is written by the caller), a README, and NOT-CONVERTED.md listing what
 * could not be converted. Knowledge files are copied into knowledge/.
 * @returns The example inputs the test uses.
 */
export async function writeCrewkitProject(
	options: WriteProjectOptions,
): Promise<Record<string, string>> {
	const { folder, spec, name } = options;
	const existing = await readdir(folder).catch(() => undefined);
	if (existing?.length) {
		throw new ConfigError(
			`The folder ${folder} already exists and is not empty: choose another destination.`,
		);
	}
	await mkdir(join(folder, "test"), { recursive: true });
	const knowledge = new Map<string, string>();
	for (const path of spec.agents.flatMap((agent) => agent.knowledge ?? [])) {
		if (knowledge.has(path)) continue;
		const target = `knowledge/${basename(path)}`;
		await mkdir(join(folder, "knowledge"), { recursive: true });
		await copyFile(path, join(folder, target)).catch(() => {});
		knowledge.set(path, `./${target}`);
	}
	const agents = Object.fromEntries(
		spec.agents.map((agent) => [
			agent.name,
			{
				role: agent.role,
				goal: agent.goal,
				backstory: agent.backstory,
				...(agent.model ? { llm: agent.model } : {}),
				...(agent.tools.length ? { tools: agent.tools } : {}),
				...(agent.maxIterations ? { max_iter: agent.maxIterations } : {}),
				...(agent.allowDelegation ? { allow_delegation: true } : {}),
				...(agent.maxExecutionTime ? { max_execution_time: agent.maxExecutionTime } : {}),
				...(agent.knowledge?.length
					? { knowledge: agent.knowledge.map((path) => knowledge.get(path)) }
					: {}),
			},
		]),
	);
	const tasks = Object.fromEntries(
		spec.tasks.map((task) => [
			task.name,
			{
				description: task.description,
				expected_output: task.expectedOutput,
				agent: task.agent,
				...(task.context ? { context: task.context } : {}),
				...(task.outputFile ? { output_file: task.outputFile } : {}),
				...(task.async ? { async_execution: true } : {}),
				...(task.tools ? { tools: task.tools } : {}),
				...(task.guardrails?.length ? { guardrails: task.guardrails } : {}),
			},
		]),
	);
	const header = "# Converted from a CrewAI project by `crewkit import`.\n";
	await writeFile(join(folder, "agents.yaml"), header + stringify(agents, { lineWidth: 90 }));
	await writeFile(join(folder, "tasks.yaml"), header + stringify(tasks, { lineWidth: 90 }));
	await writeFile(join(folder, "crew.ts"), crewModule(name, spec));
	const inputs = exampleInputs(spec);
	await writeFile(join(folder, "test", "crew.test.ts"), crewTest(spec, inputs));
	await writeFile(
		join(folder, "package.json"),
		`${JSON.stringify(packageJson(name, options.crewkit), null, "\t")}\n`,
	);
	await writeFile(join(folder, "tsconfig.json"), `${JSON.stringify(tsconfig, null, "\t")}\n`);
	await writeFile(join(folder, ".gitignore"), "node_modules/\n.crewkit/\n");
	await writeFile(join(folder, "README.md"), readme(name));
	await writeFile(
		join(folder, "NOT-CONVERTED.md"),
		notConverted(spec.warnings, options.sourceRoot),
	);
	return inputs;
}

const tsconfig = {
	compilerOptions: {
		target: "es2024",
		module: "nodenext",
		strict: true,
		noEmit: true,
		allowImportingTsExtensions: true,
		verbatimModuleSyntax: true,
		erasableSyntaxOnly: true,
		skipLibCheck: true,
	},
};

/** Values for every `{placeholder}`: the crew's default inputs, else an example. */
function exampleInputs(spec: CrewSpec): Record<string, string> {
	const texts = [
		...spec.agents.flatMap((agent) => [agent.role, agent.goal, agent.backstory]),
		...spec.tasks.flatMap((task) => [task.description, task.expectedOutput, task.outputFile ?? ""]),
	];
	const names = [...new Set(texts.flatMap(collectPlaceholders))];
	return Object.fromEntries(
		names.map((name) => [name, String(spec.inputs?.[name] ?? `example-${name}`)]),
	);
}

function crewModule(name: string, spec: CrewSpec): string {
	const toolNames = new Set([
		...spec.agents.flatMap((agent) => agent.tools),
		...spec.tasks.flatMap((task) => task.tools ?? []),
	]);
	const web = toolNames.has("web_search") || toolNames.has("fetch_page");
	const schemas = spec.tasks.filter((task) => task.outputSchema);
	const settings = [
		...(spec.process ? [`process: ${JSON.stringify(spec.process)} as const`] : []),
		...(spec.managerModel ? [`managerModel: ${JSON.stringify(spec.managerModel)}`] : []),
		...(spec.planning ? ["planning: true"] : []),
	];
	const imports = [
		"buildCrew",
		"type Crew",
		"createFileTools",
		"loadCrewYaml",
		"type ModelSpec",
		"type Tool",
	];
	if (web)
		imports.push(
			"createFetchPageTool",
			"createSearchBackend",
			"createSourceRegistry",
			"createWebSearchTool",
		);
	return `import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ${imports.sort((a, b) => a.replace("type ", "").localeCompare(b.replace("type ", ""))).join(", ")} } from "crewkit";
${schemas.length ? 'import { z } from "zod";\n' : ""}
const projectDir = fileURLToPath(new URL(".", import.meta.url));

/** The answers' schemas, from the CrewAI project's Pydantic classes: the parsed value is on each output. */
export const outputSchemas = {
${schemas.map((task) => `\t${task.name}: ${zodCode(task.outputSchema ?? {}, "\t")},`).join("\n")}
};

export interface CreateCrewOptions {
	/** The folder file tools and output files are confined to. Default: the working folder. */
	workspace?: string;
	/** A model for every agent, replacing the models agents.yaml names (tests pass a recorded one). */
	model?: ModelSpec;
}

/**
 * This project's crew: agents.yaml and tasks.yaml with crewkit's built-in tools${web ? " (web search and page reading, file tools)" : " (file tools)"}.
 * \`crewkit run --crew .\` runs it through this function.
 */
export async function createCrew(options: CreateCrewOptions = {}): Promise<Crew> {
	const workspace = options.workspace ?? process.cwd();
	const loaded = await loadCrewYaml(projectDir);
	const spec = {
		...loaded,
		tasks: loaded.tasks.map((task) => (task.outputFile ? { ...task, outputFile: resolve(workspace, task.outputFile) } : task)),${settings.map((line) => `\n\t\t${line},`).join("")}
	};
	const tools: Tool[] = [...createFileTools({ root: workspace, allowWrite: true })];
${web ? "\tconst registry = createSourceRegistry();\n\ttools.push(\n\t\tcreateWebSearchTool({ backend: createSearchBackend(), registry }),\n\t\tcreateFetchPageTool({ registry, allowPrivateAddresses: false }),\n\t);\n" : ""}	return buildCrew(spec, {
		name: ${JSON.stringify(name)},
		tools,
		outputSchemas,
		...(options.model ? { model: options.model, overrideAgentModels: true } : {}),
	});
}
`;
}

function crewTest(spec: CrewSpec, inputs: Record<string, string>): string {
	return `import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadReplayModel } from "crewkit";
import { createCrew } from "../crew.ts";

// calls.json holds recorded model calls: each prompt gets the answer recorded for it, so the
// test is fast, free and deterministic. Record real ones after changing the crew.
const recording = fileURLToPath(new URL("calls.json", import.meta.url));
const projectDir = fileURLToPath(new URL("..", import.meta.url));

test("the crew runs every task (replayed model calls)", async () => {
	const workspace = await mkdtemp(join(tmpdir(), "crew-test-"));
	const crew = await createCrew({ workspace, model: await loadReplayModel(recording) });
	const result = await crew.kickoff({
		inputs: ${JSON.stringify(inputs)},
		// Knowledge files are cited relative to the project, as when it was recorded.
		knowledge: { baseFolder: projectDir, folder: join(workspace, "knowledge") },
	});
	assert.deepEqual(
		result.tasks.map((output) => output.task),
		${JSON.stringify(spec.tasks.map((task) => task.name))},
	);
	for (const output of result.tasks) assert.ok(output.raw.length > 0, output.task);
});
`;
}

function readme(name: string): string {
	return `# ${name}

A crew converted from a CrewAI project by \`crewkit import\`.

- \`agents.yaml\`, \`tasks.yaml\`: the agents and tasks (CrewAI's format, crewkit's tool names and model strings)
- \`crew.ts\`: tools, answer schemas and the process; \`createCrew()\` builds the crew
- \`test/crew.test.ts\`: runs the crew on recorded model calls (\`test/calls.json\`)
- \`NOT-CONVERTED.md\`: what of the CrewAI project could not be converted

\`\`\`sh
npm install
npm test
npx crewkit run --crew . --input topic=…
\`\`\`
`;
}

function notConverted(warnings: readonly CrewWarning[] | undefined, root: string): string {
	const block = formatCrewWarnings(warnings, root);
	if (!block) return "# Not converted\n\nEverything was converted.\n";
	const lines = block.split("\n").slice(1).filter(Boolean);
	return `# Not converted\n\nThese parts of the CrewAI project have no equivalent here yet (where they are, and what the crew does instead):\n\n${lines.map((line) => line.trim()).join("\n")}\n`;
}
