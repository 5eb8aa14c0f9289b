import { ConfigError } from "../errors.ts";

/**
 * Replaces each `${NAME}` in the values by the variable NAME of `env`, so that crew files
 * can name secrets without holding them. `$${NAME}` stays as the text `${NAME}`.
 * @param what Names the values in messages: "MCP server 'github' env".
 * @throws ConfigError when a named variable is not set.
 */
export function expandVariables(
	values: Readonly<Record<string, string>>,
	env: Readonly<Record<string, string | undefined>>,
	what: string,
): Record<string, string> {
	const expanded: Record<string, string> = {};
	for (const [key, value] of Object.entries(values)) {
		expanded[key] = value.replace(
			/(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g,
			(whole, escaped: string, name: string) => {
				if (escaped) return whole.slice(1);
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
