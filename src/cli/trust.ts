import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../errors.ts";
import { crewTrustNeeds, type TrustNeeds } from "../mcp/crew-trust.ts";
import {
	type Approval,
	approvalsFile,
	forgetApproval,
	recordedApproval,
} from "../mcp/trust-approvals.ts";
import type { Command } from "./command.ts";
import { decideCrewTrust, readCrewFolder } from "./decide-crew-trust.ts";

export const command: Command = {
	usage: `Usage: crewkit trust <crew-dir> [--reset]

Shows what a crew folder asks to run, start and read (a crew.ts, MCP servers
it starts, headers it sends, environment variables it hands them) and what you
decided about it, as recorded in trusted-crews.json (in $CREWKIT_CONFIG_DIR,
else ~/.config/crewkit).

Options:
  --reset   forget the recorded decision, to change it: on a terminal you are
            asked again at once (the folder, then each variable on its own);
            elsewhere the next 'crewkit run --crew <crew-dir>' on a terminal asks`,

	async run(args, io) {
		const { values, positionals } = parseArgs({
			args,
			allowPositionals: true,
			options: { reset: { type: "boolean", default: false } },
		});
		const [dir] = positionals;
		if (!dir || positionals.length > 1) {
			throw new ConfigError("trust takes one crew folder: crewkit trust ./my-crew [--reset]");
		}
		const subject = await readCrewFolder(resolve(io.cwd, dir));
		const needs = crewTrustNeeds(subject.spec, subject.code);
		const file = approvalsFile(io.env);
		if (values.reset) {
			const forgot = await forgetApproval(file, subject.crewDir);
			io.out(
				forgot
					? `Forgot the decision recorded for the crew in ${dir} (${file}).\n`
					: `No decision was recorded for the crew in ${dir}.\n`,
			);
			if (!needs) return 0;
			if (!io.ask) {
				io.out(
					`The next 'crewkit run --crew ${dir}' on a terminal asks again (scripts pass --trust).\n`,
				);
				return 0;
			}
			const trust = await decideCrewTrust(io, subject, false);
			io.out(
				trust && trust !== "all"
					? `${describeDecision(needs, trust.variables)}\n`
					: "Not allowed: nothing was recorded, and the next run asks again.\n",
			);
			return 0;
		}
		if (!needs) {
			io.out(`The crew in ${dir} runs, starts and reads nothing that needs approval.\n`);
			return 0;
		}
		io.out(describeNeeds(dir, needs));
		io.out(`${describeRecord(needs, await recordedApproval(file, subject.crewDir))}\n`);
		io.out(`Change it with: crewkit trust ${dir} --reset\n`);
		return 0;
	},
};

function describeNeeds(dir: string, needs: TrustNeeds): string {
	const lines = [`The crew in ${dir} asks to:`, ...needs.actions.map((action) => `  - ${action}`)];
	for (const variable of needs.variables) {
		const uses = needs.variableUses
			.filter((use) => use.variable === variable)
			.map((use) => `${use.server} as ${use.field}`);
		lines.push(`  - read ${variable}, given to ${uses.join("; ")}`);
	}
	return `${lines.join("\n")}\n`;
}

function describeRecord(needs: TrustNeeds, approval: Approval | undefined): string {
	if (!approval) {
		return "No decision is recorded: the next 'crewkit run' on a terminal asks (scripts pass --trust).";
	}
	if (approval.hash !== needs.hash) {
		return `A decision was recorded on ${approval.approvedAt} for earlier content of the folder: the next 'crewkit run' on a terminal asks again.`;
	}
	return `${describeDecision(needs, approval.variables)} (recorded on ${approval.approvedAt}).`;
}

function describeDecision(needs: TrustNeeds, allowed: readonly string[]): string {
	const refused = needs.variables.filter((name) => !allowed.includes(name));
	const parts = ["Allowed"];
	if (needs.variables.length > 0) {
		parts.push(`variables allowed: ${allowed.length ? allowed.join(", ") : "none"}`);
		parts.push(`refused: ${refused.length ? refused.join(", ") : "none"}`);
	}
	return parts.join("; ");
}
