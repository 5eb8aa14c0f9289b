import { realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { ConfigError } from "../errors.ts";
import type { OperatorTrust } from "../mcp/crew-trust.ts";
import { parseModelString } from "../models/resolve-model.ts";

/**
 * What a server or worker lets a request name, set by the operator when it starts
 * (`crewkit serve` / `crewkit worker` flags). The defaults allow nothing beyond the
 * server's own default model.
 */
export interface ServicePolicy {
	/**
	 * Model strings requests may name besides the default model: exact strings, or a
	 * provider with `*` for any model id of it (`openai:*`); `*` never stands for a path or URL.
	 */
	models: readonly string[];
	/** Crew folders may run their crew.ts, start MCP servers and send headers. */
	allowCrewMcp: boolean;
	/**
	 * The environment variables crew folders' MCP servers may read (`${NAME}` in their `env:`
	 * or `headers:`), with `allowCrewMcp`; a crew naming another fails before it starts.
	 * Default: none.
	 */
	allowCrewVariables?: readonly string[];
}

export const closedServicePolicy: ServicePolicy = { models: [], allowCrewMcp: false };

/**
 * What runs of a server or worker with this policy are allowed to start and read; nothing
 * without `allowCrewMcp`.
 * @param command Where the operator allows more: "crewkit serve", "crewkit worker".
 */
export function operatorTrust(
	policy: ServicePolicy | undefined,
	command: string,
): OperatorTrust | undefined {
	if (!policy?.allowCrewMcp) return undefined;
	return { type: "operator", variables: policy.allowCrewVariables ?? [], command };
}

/** The providers whose model string names a file. */
const fileProviders = new Set(["scripted", "replay", "local"]);

/**
 * Refuses a requested model the operator did not allow: not the default and not on the
 * allow-list, or naming a file outside the workspace.
 * @throws ConfigError saying how the operator can allow it.
 */
export async function checkRequestedModel(
	model: string,
	options: { defaultModel: string; policy: ServicePolicy; workspace: string },
): Promise<void> {
	const { provider, rest } = parseModelString(model);
	if (model === options.defaultModel) return;
	const allowed = options.policy.models.some((entry) => {
		if (entry === model) return true;
		if (!entry.endsWith(":*")) return false;
		return model.startsWith(entry.slice(0, -1)) && /^[\w.:-]+$/.test(rest);
	});
	if (!allowed) {
		throw new ConfigError(
			`Model '${model}' is not allowed on this server: requests may name the default model (${options.defaultModel})${options.policy.models.length ? ` or ${options.policy.models.join(", ")}` : ""}. The operator can allow more with --allow-model when starting crewkit serve or crewkit worker.`,
		);
	}
	if (fileProviders.has(provider) && !/^(hf:|https?:|default$)/.test(rest)) {
		await assertInsideWorkspace(rest, options.workspace, model);
	}
}

async function assertInsideWorkspace(file: string, workspace: string, model: string) {
	const root = await realpath(workspace).catch(() => resolve(workspace));
	const target = resolve(workspace, file);
	const real = await realpath(target).catch(() => target);
	const path = relative(root, real);
	if (path === "" || path.startsWith("..") || isAbsolute(path)) {
		throw new ConfigError(
			`Model '${model}' names a file outside the workspace; requests may name files inside it only.`,
		);
	}
}
