import { ConfigError } from "../errors.ts";
import { parseModelString } from "../models/resolve-model.ts";
import type { ServicePolicy } from "../service/service-policy.ts";

/** The `parseArgs` options of what `crewkit serve` and `crewkit worker` let requests do. */
export const servicePolicyOptions = {
	"allow-model": { type: "string", multiple: true },
	"allow-crew-mcp": { type: "boolean", default: false },
	"allow-crew-variable": { type: "string", multiple: true },
} as const;

/** Their help lines, the same for both commands. */
export const servicePolicyHelp = `  --allow-model M  a model requests may name besides the default (repeatable;
                   'openai:*' allows any model id of a provider, never a path or URL)
  --allow-crew-mcp let crew folders run their crew.ts, start their MCP servers and
                   send their headers (off by default)
  --allow-crew-variable NAME
                   with --allow-crew-mcp, let crew folders' MCP servers read the
                   variable NAME (\${NAME} in mcp.yaml; repeatable); a run naming
                   any other fails before it starts`;

const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The operator's policy from the flags.
 * @throws ConfigError for a malformed model or variable name, or variables without --allow-crew-mcp.
 */
export function servicePolicyFromFlags(values: {
	"allow-model"?: string[] | undefined;
	"allow-crew-mcp"?: boolean | undefined;
	"allow-crew-variable"?: string[] | undefined;
}): ServicePolicy {
	const models = values["allow-model"] ?? [];
	for (const model of models) parseModelString(model.replace(/:\*$/, ":x"));
	const variables = values["allow-crew-variable"] ?? [];
	for (const name of variables) {
		if (!variableName.test(name)) {
			throw new ConfigError(
				`--allow-crew-variable takes the name of an environment variable (letters, digits, _), got '${name}'.`,
			);
		}
	}
	const allowCrewMcp = values["allow-crew-mcp"] ?? false;
	if (variables.length > 0 && !allowCrewMcp) {
		throw new ConfigError(
			`--allow-crew-variable ${variables[0]} has no effect without --allow-crew-mcp: crew folders start no MCP server unless it is given. Add --allow-crew-mcp.`,
		);
	}
	return { models, allowCrewMcp, allowCrewVariables: [...new Set(variables)] };
}
