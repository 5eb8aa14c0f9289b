import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCrewYaml } from "../config/load-crew-yaml.ts";
import { loadFlowFile, parseFlowReference } from "../flow/load-flow-file.ts";
import { parseModelString } from "../models/resolve-model.ts";
import { resolveInWorkspace } from "../tools/files/workspace-path.ts";
import type {
	FlowRunDefinition,
	ResearchRunDefinition,
	RunDefinition,
	YamlRunDefinition,
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

/** A definition of the YAML crew in `crewDir`, named after its folder. */
export async function yamlDefinition(
	options: Omit<YamlRunDefinition, "kind" | "crewName" | "spec">,
): Promise<YamlRunDefinition> {
	const { crewDir, ...rest } = options;
	return {
		kind: "yaml",
		crewName: basename(crewDir),
		crewDir,
		spec: await loadCrewYaml(crewDir),
		...rest,
	};
}

/**
 * A definition of the flow that `reference` (`./flow.ts` or `./flow.ts#name`) names: the
 * module is loaded once to check it and to name the run. Its result goes to `out`, by
 * default `.crewkit/reports/<flow>.md` (or `.json`) in the working folder.
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
	return yamlDefinition({
		crewDir: await resolveInWorkspace(options.workspace, request.crew),
		model,
		out,
		sections: undefined,
		workspace: options.workspace,
	});
}
