import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { CrewSpec } from "../config/crew-spec.ts";
import { loadCrewYaml } from "../config/load-crew-yaml.ts";
import { loadCrewProject } from "../crewai/load-crew-project.ts";
import { ConfigError } from "../errors.ts";
import { loadFlowFile, parseFlowReference } from "../flow/load-flow-file.ts";
import { parseModelString } from "../models/resolve-model.ts";
import { resolveInWorkspace } from "../tools/files/workspace-path.ts";
import {
	type FlowRunDefinition,
	loadCrewModule,
	type ResearchRunDefinition,
	type RunDefinition,
	type YamlRunDefinition,
} from "./run-definition.ts";
import type { RunRequest } from "./run-launcher.ts";
import { checkRequestedModel, closedServicePolicy, type ServicePolicy } from "./service-policy.ts";

/** crewkit's own research crew. */
const researchCrewDir = fileURLToPath(new URL("../../crews/research/", import.meta.url));

/** A definition of crewkit's research crew: its folder and spec filled in. */
export async function researchDefinition(
	options: Omit<ResearchRunDefinition, "kind" | "crewDir" | "spec">,
): Promise<ResearchRunDefinition> {
	return {
		kind: "research",
		crewDir: researchCrewDir,
		spec: await loadCrewYaml(researchCrewDir),
		...options,
	};
}

/**
 * A definition of the crew in `crewDir`: a YAML crew, a CrewAI project in any of its
 * layouts (crew.py read, never run), or a crewkit project's crew.ts. Named after its
 * package or folder. A crew.py's `memory=True` keeps memory in the workspace.
 */
export async function yamlDefinition(
	options: Omit<YamlRunDefinition, "kind" | "crewName" | "spec">,
): Promise<YamlRunDefinition> {
	const { crewDir, ...rest } = options;
	const { layout, spec } = await loadCrewProject(crewDir);
	return {
		kind: "yaml",
		crewName: layout.name,
		crewDir,
		spec:
			layout.crewModule && spec.tasks.length === 0 ? await specOfModule(layout.crewModule) : spec,
		...(layout.crewModule ? { crewModule: layout.crewModule } : {}),
		...(spec.memory ? { memory: { path: join(options.workspace, ".crewkit", "memory.db") } } : {}),
		...rest,
	};
}

/** What a crew.ts crew holds, as a spec (for the run store and the CLI's summary). */
async function specOfModule(path: string): Promise<CrewSpec> {
	const crew = await loadCrewModule(path);
	const location = { file: path };
	return {
		agents: crew.agents.map((agent) => ({
			name: agent.name,
			role: agent.role,
			goal: agent.goal,
			backstory: agent.backstory,
			tools: agent.tools.map((tool) => tool.name),
			location,
		})),
		tasks: crew.tasks.map((task) => ({
			name: task.name,
			description: task.description,
			expectedOutput: task.expectedOutput,
			agent: task.agent.name,
			async: task.async,
			location,
		})),
	};
}

/**
 * A definition of the flow that `reference` (`./flow.ts` or `./flow.ts#name`) names: the
 * module is loaded once to check it and to name the run. Its result goes to `out`, by
 * default `.crewkit/reports/<flow>.md` in the working folder.
 */
export async function flowDefinition(options: {
	reference: string;
	cwd: string;
	model: string;
	out: string | undefined;
}): Promise<FlowRunDefinition> {
	const { file, exportName } = parseFlowReference(options.reference);
	const flowFile = resolve(options.cwd, file);
	const flow = await loadFlowFile(flowFile, exportName);
	return {
		kind: "flow",
		flowName: flow.name,
		flowFile,
		...(exportName ? { exportName } : {}),
		model: options.model,
		out: options.out ?? join(options.cwd, ".crewkit", "reports", `${flow.name}.md`),
		workspace: options.cwd,
		spec: { agents: [], tasks: [] },
	};
}

export { newRunId } from "../crew/run-id.ts";

/**
 * Turns a run request (from the API or the queue) into a definition: the crew folder must
 * be `research` or inside the workspace, and so must `sources`; the report goes to
 * `.crewkit/reports/<run>.md`. The research crew searches the web unless `web` is false;
 * its grounding is reported with the run, not enforced by failing it.
 */
export async function defineRun(
	request: RunRequest,
	options: {
		workspace: string;
		defaultModel: string;
		runId: string;
		web?: boolean;
		/** What requests may name (models); default: only the default model. */
		policy?: ServicePolicy | undefined;
	},
): Promise<RunDefinition> {
	const model = request.model ?? options.defaultModel;
	parseModelString(model);
	await checkRequestedModel(model, {
		defaultModel: options.defaultModel,
		policy: options.policy ?? closedServicePolicy,
		workspace: options.workspace,
	});
	const out = join(options.workspace, ".crewkit", "reports", `${options.runId}.md`);
	if (request.crew === "research") {
		return researchDefinition({
			model,
			out,
			sections: 10,
			sources: request.sources
				? await resolveInWorkspace(options.workspace, request.sources)
				: undefined,
			web: options.web === false ? undefined : { backend: undefined, allowPrivateNetwork: false },
			allowUngrounded: true,
			workspace: options.workspace,
		});
	}
	const crewDir = await resolveInWorkspace(options.workspace, request.crew);
	if (!(options.policy ?? closedServicePolicy).allowCrewMcp) {
		// A crew.ts is code: importing it runs it. A request may not make the server do that
		// unless the operator allowed crew folders to run what they define.
		const { layout } = await loadCrewProject(crewDir);
		if (layout.crewModule) {
			throw new ConfigError(
				`The crew in ${request.crew} is defined by code (${basename(layout.crewModule)}), which this server does not run for requests. The operator can allow it by starting crewkit serve or crewkit worker with --allow-crew-mcp.`,
			);
		}
	}
	return yamlDefinition({
		crewDir,
		model,
		out,
		sections: undefined,
		workspace: options.workspace,
	});
}
