import { createHash } from "node:crypto";
import { ConfigError } from "../errors.ts";
import { isStdioServer, type McpServerConfig } from "./mcp-server-config.ts";

/** The agents of a crew definition, as far as trust is concerned. */
export interface TrustSubject {
	agents: readonly {
		name: string;
		/** The agent's model string (`llm:`): one naming a URL sends requests (and keys) there. */
		model?: string | undefined;
		mcpServers?: readonly McpServerConfig[] | undefined;
	}[];
}

/**
 * What a crew definition would do that the user must allow: start processes (MCP
 * `command:` servers), send headers to a server (`url:` with `headers:`), and read
 * variables of the environment (`${NAME}` in `env:` or `headers:`).
 */
export interface TrustNeeds {
	/** One line per server needing approval: "agent 'researcher': MCP server 'fs' runs: npx -y …". */
	actions: string[];
	/** Names of the environment variables the crew's servers read, sorted. */
	variables: string[];
	/** SHA-256 of what needs approval: an approval holds until any of it changes. */
	hash: string;
}

/** An approval of a crew's needs: what it allows. */
export interface CrewTrust {
	/** The `TrustNeeds.hash` approved. */
	hash: string;
	/** The environment variables the user allowed the crew's servers to read. */
	variables: readonly string[];
}

const variablePattern = /(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The crew's needs for approval; `undefined` when it starts nothing and reads no variable. */
export function crewTrustNeeds(subject: TrustSubject): TrustNeeds | undefined {
	const actions: string[] = [];
	const variables = new Set<string>();
	const approved: unknown[] = [];
	for (const agent of subject.agents) {
		const url = agent.model ? /(?:@|^local:)(https?:\/\/\S+)/.exec(agent.model)?.[1] : undefined;
		if (url) {
			actions.push(`agent '${agent.name}': its model ${agent.model} sends requests to ${url}`);
			approved.push({ model: agent.model });
		}
		for (const server of agent.mcpServers ?? []) {
			const values = isStdioServer(server) ? (server.env ?? {}) : (server.headers ?? {});
			for (const value of Object.values(values)) {
				for (const [, escaped, name] of value.matchAll(variablePattern)) {
					if (!escaped && name) variables.add(name);
				}
			}
			const owner = `agent '${agent.name}': MCP server '${server.name}'`;
			if (isStdioServer(server)) {
				const line = [server.command, ...(server.args ?? [])].map(quoteArgument).join(" ");
				const env = server.env ? ` with env ${Object.keys(server.env).join(", ")}` : "";
				actions.push(`${owner} runs: ${line}${env}${server.cwd ? ` in ${server.cwd}` : ""}`);
				approved.push({
					command: server.command,
					args: server.args,
					env: server.env,
					cwd: server.cwd,
				});
			} else if (server.headers && Object.keys(server.headers).length > 0) {
				actions.push(
					`${owner} sends headers ${Object.keys(server.headers).join(", ")} to ${server.url}`,
				);
				approved.push({ url: server.url, headers: server.headers });
			}
		}
	}
	if (actions.length === 0) return undefined;
	const sortedVariables = [...variables].sort();
	const hash = createHash("sha256")
		.update(JSON.stringify({ approved, variables: sortedVariables }))
		.digest("hex");
	return { actions, variables: sortedVariables, hash };
}

/**
 * A crew definition asks to start processes or send credentials, and the user has not
 * allowed it: nothing was started.
 */
export class TrustError extends ConfigError {
	readonly needs: TrustNeeds;

	constructor(message: string, needs: TrustNeeds) {
		super(message);
		this.needs = needs;
	}
}

/**
 * Throws unless `trust` approves exactly these needs; returns the environment the crew's
 * servers may read: only the approved variables the crew declares.
 * @param where Names the crew in the message: "crew folder ./my-crew".
 * @param howToAllow What the user can do, e.g. "pass --trust".
 */
export function checkCrewTrust(
	subject: TrustSubject,
	trust: CrewTrust | "all" | undefined,
	env: Readonly<Record<string, string | undefined>>,
	where: string,
	howToAllow: string,
): Record<string, string | undefined> {
	const needs = crewTrustNeeds(subject);
	if (!needs) return {};
	const approval = trust === "all" ? { hash: needs.hash, variables: needs.variables } : trust;
	if (approval?.hash !== needs.hash) {
		throw new TrustError(
			`The ${where} asks to ${needs.actions.length === 1 ? "do something" : "do things"} you have not allowed: ${needs.actions.join("; ")}${needs.variables.length ? `; reading the variables ${needs.variables.join(", ")}` : ""}. Nothing was started. To allow it, ${howToAllow}.`,
			needs,
		);
	}
	const allowed = new Set(approval.variables);
	const visible: Record<string, string | undefined> = {};
	for (const name of needs.variables) if (allowed.has(name)) visible[name] = env[name];
	return visible;
}

function quoteArgument(argument: string): string {
	return /^[\w@%+=:,./-]+$/.test(argument) ? argument : JSON.stringify(argument);
}
