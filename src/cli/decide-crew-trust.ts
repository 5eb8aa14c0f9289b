import { type CrewTrust, crewTrustNeeds } from "../mcp/crew-trust.ts";
import { approvalsFile, findApproval, recordApproval } from "../mcp/trust-approvals.ts";
import type { RunDefinition } from "../service/run-definition.ts";
import type { CliIo } from "./io.ts";

/** How the CLI tells the user to allow a crew folder. */
export const cliHowToAllow =
	"run the command on a terminal and answer 'y' once (the approval is recorded for this folder and content), or pass --trust in scripts";

/**
 * What the user allows the crew of `definition` to start and read: everything with
 * `--trust`; else an approval recorded earlier for this folder and content; else, on a
 * terminal, the answer to a question asked once and recorded. `undefined` when not allowed
 * (the run then fails before starting anything, saying how to allow it).
 */
export async function decideCrewTrust(
	io: CliIo,
	definition: RunDefinition,
	trustFlag: boolean,
): Promise<CrewTrust | "all" | undefined> {
	const needs = crewTrustNeeds(definition.spec);
	if (!needs) return undefined;
	if (trustFlag) return "all";
	const file = approvalsFile(io.env);
	const recorded = await findApproval(file, definition.crewDir, needs);
	if (recorded || !io.ask) return recorded;
	io.err(
		`crewkit: the crew in ${definition.crewDir} asks to:\n${needs.actions.map((action) => `  - ${action}\n`).join("")}${needs.variables.length ? `  - read the environment variables ${needs.variables.join(", ")}\n` : ""}`,
	);
	const answer = await io.ask(
		"Allow this crew folder to do this (recorded until it changes)? [y/N] ",
	);
	if (!/^\s*y(es)?\s*$/i.test(answer)) return undefined;
	const approval = await recordApproval(file, definition.crewDir, needs);
	io.err(`crewkit: approval recorded in ${file}\n`);
	return approval;
}
