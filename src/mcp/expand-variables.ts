import { ConfigError } from "../errors.ts";

/**
 * Replaces each `${NAME}` in the values by the variable NAME of `env`, so that crew files
 * can name secrets without holding them. `$${NAME}` stays as the text `${NAME}`.
 * @param what Names the values in messages: "MCP server 'github' env".
 * @param allowed When given, the only variables that may be named (a crew folder's
 *   declared variables the user approved); naming another fails before anything starts.
 * @throws ConfigError when a named variable is not allowed, or not set.
 */
export function expandVariables(
	values: Readonly<Record<string, string>>,
	env: Readonly<Record<string, string | undefined>>,
	what: string,
	allowed?: readonly string[],
): Record<string, string> {
	const expanded: Record<string, string> = {};
	for (const [key, value] of Object.entries(values)) {
		expanded[key] = value.replace(
			/(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g,
			(whole, escaped: string, name: string) => {
				if (escaped) return whole.slice(1);
				if (allowed && !allowed.includes(name)) {
					throw new ConfigError(
						`${what} ${key} refers to \${${name}}, which you have not allowed this crew to read (allowed: ${allowed.length ? allowed.join(", ") : "none"}). Approve it when crewkit asks on a terminal (remove this folder's entry from trusted-crews.json to be asked again), or pass --trust for one run; a server or worker needs --allow-crew-mcp and --allow-crew-variable ${name}.`,
					);
				}
				const variable = env[name];
				if (variable === undefined) {
					throw new ConfigError(
						`${what} ${key} refers to \${${name}}, which is not set in the environment. Set ${name}, or write the value itself.`,
					);
				}
				return variable;
			},
		);
	}
	return expanded;
}
