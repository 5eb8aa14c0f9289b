import { createHash } from "node:crypto";
import { basename } from "node:path";
import { ConfigError } from "../errors.ts";
import type { CrewCode } from "./crew-code.ts";
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

/** One place where a crew declares an environment variable: `${NAME}` in a server's settings. */
export interface VariableUse {
	/** The variable read: `OPENAI_API_KEY`. */
	variable: string;
	/** Who receives its value: "MCP server 'fs' of agent 'researcher'". */
	server: string;
	/** As what: "env LEAK", "header Authorization". */
	field: string;
}

/**
 * What a crew definition would do that the user must allow: run its code (a crew.ts),
 * start processes (MCP `command:` servers), send headers to a server (`url:` with
 * `headers:`), and read variables of the environment (`${NAME}` in `env:` or `headers:`).
 */
export interface TrustNeeds {
	/** One line per thing needing approval: "agent 'researcher': MCP server 'fs' runs: npx -y …". */
	actions: string[];
	/** Names of the environment variables the crew declares (its servers read), sorted. */
	variables: string[];
	/** Where each variable is declared: which server receives it, as what. */
	variableUses: VariableUse[];
	/** The crew's code, when it is defined by a crew.ts. */
	code?: CrewCode | undefined;
	/** SHA-256 of what needs approval: an approval holds until any of it changes. */
	hash: string;
}

/** An approval of a crew's needs: what it allows. */
export interface CrewTrust {
	/** The `TrustNeeds.hash` approved. */
	hash: string;
	/**
	 * The declared environment variables the user allowed the crew's servers to read, each
	 * approved on its own; the others stay out of reach.
	 */
	variables: readonly string[];
}

/**
 * The approval an operator gives every crew folder of requests when starting a server or
 * worker: with `--allow-crew-mcp`, what a folder runs and starts is allowed, and its MCP
 * servers may read only the variables listed with `--allow-crew-variable`.
 */
export interface OperatorTrust {
	type: "operator";
	/** The variables crew folders may name in `${NAME}`: `--allow-crew-variable NAME`. */
	variables: readonly string[];
	/** Where the operator allows more, in messages: "crewkit serve", "crewkit worker". */
	command: string;
}

/**
 * What a crew's MCP servers may read of the environment, once its needs are approved:
 * `env` holds the values; `allowed`, when set, lists the only names `${NAME}` may name
 * (a crew folder's approved variables); unset, any variable of `env` (a crew.ts crew:
 * approved code reads the environment anyway).
 */
export interface McpVariableAccess {
	env: Record<string, string | undefined>;
	allowed?: readonly string[];
}

const variablePattern = /(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * The crew's needs for approval; `undefined` when it has no code, starts nothing and reads
 * no variable. A crew with `code` is approved as a whole: its hash is the hash of its
 * folder's definition files (crew.ts, the YAML and JSON beside it), whatever it starts.
 */
export function crewTrustNeeds(subject: TrustSubject, code?: CrewCode): TrustNeeds | undefined {
	const actions: string[] = [];
	const variables = new Set<string>();
	const variableUses: VariableUse[] = [];
	const approved: unknown[] = [];
	for (const agent of subject.agents) {
		const url = agent.model ? /(?:@|^local:)(https?:\/\/\S+)/.exec(agent.model)?.[1] : undefined;
		if (url) {
			actions.push(`agent '${agent.name}': its model ${agent.model} sends requests to ${url}`);
			approved.push({ model: agent.model });
		}
		for (const server of agent.mcpServers ?? []) {
			const values = isStdioServer(server) ? (server.env ?? {}) : (server.headers ?? {});
			const kind = isStdioServer(server) ? "env" : "header";
			for (const [key, value] of Object.entries(values)) {
				for (const [, escaped, name] of value.matchAll(variablePattern)) {
					if (escaped || !name) continue;
					variables.add(name);
					variableUses.push({
						variable: name,
						server: `MCP server '${server.name}' of agent '${agent.name}'`,
						field: `${kind} ${key}`,
					});
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
	const sortedVariables = [...variables].sort();
	if (code) {
		actions.unshift(
			`run the code of ${basename(code.module)} (with your permissions and environment; it may import the folder's ${code.files.length} script and YAML files)`,
		);
		const hash = createHash("sha256").update(`crew code ${code.hash}`).digest("hex");
		return { actions, variables: sortedVariables, variableUses, code, hash };
	}
	if (actions.length === 0) return undefined;
	const hash = createHash("sha256")
		.update(JSON.stringify({ approved, variables: sortedVariables }))
		.digest("hex");
	return { actions, variables: sortedVariables, variableUses, hash };
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
 * Throws unless `trust` approves exactly these needs; returns what the crew's servers may
 * read of `env`: only the declared variables the user approved (all of `env` for approved
 * crew.ts code, which can read it anyway).
 * @param where Names the crew in the message: "crew folder ./my-crew".
 * @param howToAllow What the user can do, e.g. "pass --trust".
 */
export function checkCrewTrust(
	subject: TrustSubject,
	trust: CrewTrust | OperatorTrust | "all" | undefined,
	env: Readonly<Record<string, string | undefined>>,
	where: string,
	howToAllow: string,
	code?: CrewCode,
): McpVariableAccess {
	const needs = crewTrustNeeds(subject, code);
	if (!needs) return { env: {}, allowed: [] };
	if (typeof trust === "object" && "type" in trust) return operatorAccess(needs, trust, env, where);
	const approval = trust === "all" ? { hash: needs.hash, variables: needs.variables } : trust;
	if (approval?.hash !== needs.hash) {
		throw new TrustError(
			`The ${where} asks to ${needs.actions.length === 1 ? "do something" : "do things"} you have not allowed: ${needs.actions.join("; ")}${needs.variables.length ? `; reading the variables ${needs.variables.join(", ")}` : ""}. Nothing was started. To allow it, ${howToAllow}.`,
			needs,
		);
	}
	if (code) return { env: { ...env } };
	const allowed = needs.variables.filter((name) => approval.variables.includes(name));
	const visible: Record<string, string | undefined> = {};
	for (const name of allowed) visible[name] = env[name];
	return { env: visible, allowed };
}

/**
 * What an operator's approval lets a crew read: the variables it declares must all be on
 * the operator's list and set, or the run fails before anything starts, naming each one
 * and the flag that allows it. Its servers (a crew.ts's too) may name listed variables only.
 */
function operatorAccess(
	needs: TrustNeeds,
	trust: OperatorTrust,
	env: Readonly<Record<string, string | undefined>>,
	where: string,
): McpVariableAccess {
	const usesOf = (name: string) =>
		needs.variableUses
			.filter((use) => use.variable === name)
			.map((use) => `${use.server} as ${use.field}`)
			.join("; ");
	const refused = needs.variables.filter((name) => !trust.variables.includes(name));
	if (refused.length > 0) {
		const named = refused.map((name) => `\${${name}} (${usesOf(name)})`).join(", ");
		throw new TrustError(
			`The ${where} names ${named}, which ${trust.command} does not let crews read (allowed: ${trust.variables.length ? trust.variables.join(", ") : "none"}). Nothing was started. To allow it, start ${trust.command} with ${refused.map((name) => `--allow-crew-variable ${name}`).join(" ")}.`,
			needs,
		);
	}
	const unset = needs.variables.filter((name) => env[name] === undefined);
	if (unset.length > 0) {
		throw new ConfigError(
			`The ${where} names ${unset.map((name) => `\${${name}} (${usesOf(name)})`).join(", ")}, which ${unset.length === 1 ? "is" : "are"} not set in the environment of ${trust.command}. Nothing was started. Set ${unset.join(", ")} where ${trust.command} runs.`,
		);
	}
	const visible: Record<string, string | undefined> = {};
	for (const name of trust.variables) visible[name] = env[name];
	return { env: visible, allowed: [...trust.variables] };
}

function quoteArgument(argument: string): string {
	return /^[\w@%+=:,./-]+$/.test(argument) ? argument : JSON.stringify(argument);
}
