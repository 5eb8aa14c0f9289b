import { loadCrewProject } from "../crewai/load-crew-project.ts";
import { type CrewCode, readCrewCode } from "../mcp/crew-code.ts";
import {
	type CrewTrust,
	checkCrewTrust,
	crewTrustNeeds,
	type McpVariableAccess,
	type TrustNeeds,
	type TrustSubject,
} from "../mcp/crew-trust.ts";
import { approvalsFile, findApproval, recordApproval } from "../mcp/trust-approvals.ts";
import type { CliIo } from "./io.ts";

/** How the CLI tells the user to allow a crew folder. */
export const cliHowToAllow =
	"run the command on a terminal and answer 'y' once (the approval is recorded for this folder and content), or pass --trust in scripts";

/** A crew folder, as far as trust is concerned: its definition and, for a crew.ts, its code. */
export interface CrewFolderSubject {
	crewDir: string;
	spec: TrustSubject;
	code?: CrewCode | undefined;
}

const yes = (answer: string) => /^\s*y(es)?\s*$/i.test(answer);

/**
 * What the user allows the crew folder to run, start and read: everything with `--trust`
 * (for this run; nothing is recorded); else an approval recorded earlier for this folder
 * and content; else, on a terminal, the answers to questions asked once and recorded: one
 * for what the folder runs and starts, then one per environment variable it declares
 * (naming the servers that would receive it). `undefined` when not allowed (the run then
 * fails before starting anything, saying how to allow it).
 */
export async function decideCrewTrust(
	io: CliIo,
	subject: CrewFolderSubject,
	trustFlag: boolean,
): Promise<CrewTrust | "all" | undefined> {
	const needs = crewTrustNeeds(subject.spec, subject.code);
	if (!needs) return undefined;
	if (trustFlag) return "all";
	const file = approvalsFile(io.env);
	const recorded = await findApproval(file, subject.crewDir, needs);
	if (recorded || !io.ask) return recorded;
	io.err(
		`crewkit: the crew in ${subject.crewDir} asks to:\n${needs.actions.map((action) => `  - ${action}\n`).join("")}`,
	);
	if (!yes(await io.ask("Allow this crew folder to do this (recorded until it changes)? [y/N] "))) {
		return undefined;
	}
	const variables = await askForVariables(io, io.ask, needs);
	const approval = await recordApproval(file, subject.crewDir, needs, variables);
	io.err(`crewkit: approval recorded in ${file}\n`);
	return approval;
}

/**
 * Asks for each declared variable whether the servers that name it may read it; crew.ts
 * code is asked about as a whole (it can read the environment itself).
 */
async function askForVariables(
	io: CliIo,
	ask: (question: string) => Promise<string>,
	needs: TrustNeeds,
): Promise<string[]> {
	if (needs.code) return needs.variables;
	const approved: string[] = [];
	for (const variable of needs.variables) {
		const uses = needs.variableUses
			.filter((use) => use.variable === variable)
			.map((use) => `${use.server} as ${use.field}`);
		io.err(`crewkit: the variable ${variable} would be given to ${uses.join("; ")}\n`);
		if (yes(await ask(`Allow it to read ${variable}? [y/N] `))) approved.push(variable);
	}
	return approved;
}

/**
 * Decides on the crew folder at `crewDir` before anything of it is loaded: a crew.ts is
 * code, and importing it (even to read its crew's shape) runs it.
 * @returns What its MCP servers may read of the environment.
 * @throws TrustError when the user has not allowed what the folder asks for.
 */
export async function approveCrewFolder(
	io: CliIo,
	crewDir: string,
	trustFlag: boolean,
): Promise<McpVariableAccess> {
	const subject = await readCrewFolder(crewDir);
	const trust = await decideCrewTrust(io, subject, trustFlag);
	const { spec, code } = subject;
	return checkCrewTrust(spec, trust, io.env, `crew in ${crewDir}`, cliHowToAllow, code);
}

/** A crew folder's definition and, for a crew.ts, its code, read without running anything. */
export async function readCrewFolder(crewDir: string): Promise<CrewFolderSubject> {
	const { layout, spec } = await loadCrewProject(crewDir);
	const code = layout.crewModule ? await readCrewCode(layout.crewModule) : undefined;
	return { crewDir, spec, code };
}

/**
 * Records the approval of a crew folder crewkit itself just wrote (`crewkit create`): the
 * user asked for its code. Any later change to its definition files asks again.
 * @returns Where the approval was recorded.
 */
export async function approveWrittenCrew(io: CliIo, crewDir: string): Promise<string> {
	const { spec, code } = await readCrewFolder(crewDir);
	const needs = crewTrustNeeds(spec, code);
	const file = approvalsFile(io.env);
	if (needs) await recordApproval(file, crewDir, needs);
	return file;
}
