import { randomBytes } from "node:crypto";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCrewYaml } from "../config/load-crew-yaml.ts";
import { parseModelString } from "../models/resolve-model.ts";
import { resolveInWorkspace } from "../tools/files/workspace-path.ts";
import type { RunDefinition } from "./run-definition.ts";
import type { RunRequest } from "./run-launcher.ts";

/** crewkit's own research crew. */
export const researchCrewDir = fileURLToPath(new URL("../../crews/research/", import.meta.url));

/** A new run id: time-ordered, with a random tail. */
export const newRunId = () => `run_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;

/**
 * Turns a run request (from the API or the queue) into a definition: the crew folder must
 * be `research` or inside the workspace; the report goes to `.crewkit/reports/<run>.md`.
 */
export async function defineRun(
	request: RunRequest,
	options: { workspace: string; defaultModel: string; runId: string },
): Promise<RunDefinition> {
	const model = request.model ?? options.defaultModel;
	parseModelString(model);
	const research = request.crew === "research";
	const crewDir = research
		? researchCrewDir
		: await resolveInWorkspace(options.workspace, request.crew);
	return {
		kind: "yaml",
		crewName: research ? "research" : basename(crewDir),
		crewDir,
		spec: await loadCrewYaml(crewDir),
		model,
		out: join(options.workspace, ".crewkit", "reports", `${options.runId}.md`),
		sections: research ? 10 : undefined,
		workspace: options.workspace,
	};
}
