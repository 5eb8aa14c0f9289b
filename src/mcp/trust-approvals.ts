import { readFile, realpath } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "../write-file-atomic.ts";
import type { CrewTrust, TrustNeeds } from "./crew-trust.ts";

/** One recorded approval: this crew folder, with this content, may do what it asked. */
export interface Approval {
	folder: string;
	hash: string;
	/** The declared variables the user allowed, each asked about on its own. */
	variables: string[];
	/** The declared variables the user refused. */
	declined?: string[];
	approvedAt: string;
}

/**
 * Where approvals are kept: `$CREWKIT_CONFIG_DIR`, else `$XDG_CONFIG_HOME/crewkit`, else
 * `~/.config/crewkit`; the file is `trusted-crews.json`, readable by its owner only.
 */
export function approvalsFile(env: Readonly<Record<string, string | undefined>>): string {
	const folder =
		env.CREWKIT_CONFIG_DIR ??
		join(env.XDG_CONFIG_HOME ?? join(env.HOME ?? homedir(), ".config"), "crewkit");
	return join(folder, "trusted-crews.json");
}

async function readApprovals(file: string): Promise<Approval[]> {
	try {
		const parsed: unknown = JSON.parse(await readFile(file, "utf8"));
		return Array.isArray(parsed) ? (parsed as Approval[]) : [];
	} catch {
		return [];
	}
}

async function canonicalFolder(folder: string): Promise<string> {
	return realpath(folder).catch(() => resolve(folder));
}

/** The recorded approval of `needs` for the crew in `folder`, if the user gave one. */
export async function findApproval(
	file: string,
	folder: string,
	needs: TrustNeeds,
): Promise<CrewTrust | undefined> {
	const where = await canonicalFolder(folder);
	const found = (await readApprovals(file)).find(
		(approval) => approval.folder === where && approval.hash === needs.hash,
	);
	return found ? { hash: found.hash, variables: found.variables } : undefined;
}

/**
 * Records that the crew in `folder` may do what `needs` lists and read the `variables`
 * approved of those it declares (by default all of them), replacing older approvals of it.
 */
export async function recordApproval(
	file: string,
	folder: string,
	needs: TrustNeeds,
	variables: readonly string[] = needs.variables,
): Promise<CrewTrust> {
	const where = await canonicalFolder(folder);
	const kept = (await readApprovals(file)).filter((approval) => approval.folder !== where);
	const approved = needs.variables.filter((name) => variables.includes(name));
	kept.push({
		folder: where,
		hash: needs.hash,
		variables: approved,
		declined: needs.variables.filter((name) => !variables.includes(name)),
		approvedAt: new Date().toISOString(),
	});
	await writeApprovals(file, kept);
	return { hash: needs.hash, variables: approved };
}

/** The decision recorded for the crew in `folder`, whatever content it was made for. */
export async function recordedApproval(
	file: string,
	folder: string,
): Promise<Approval | undefined> {
	const where = await canonicalFolder(folder);
	return (await readApprovals(file)).find((approval) => approval.folder === where);
}

/**
 * Forgets the decision recorded for the crew in `folder`: the next run asks again.
 * @returns Whether there was one.
 */
export async function forgetApproval(file: string, folder: string): Promise<boolean> {
	const where = await canonicalFolder(folder);
	const approvals = await readApprovals(file);
	const kept = approvals.filter((approval) => approval.folder !== where);
	if (kept.length === approvals.length) return false;
	await writeApprovals(file, kept);
	return true;
}

/** Replaces the file at once (written aside, then renamed), readable by its owner only. */
async function writeApprovals(file: string, approvals: readonly Approval[]): Promise<void> {
	await writeFileAtomic(file, `${JSON.stringify(approvals, null, "\t")}\n`, {
		mode: 0o600,
		folderMode: 0o700,
	});
}
