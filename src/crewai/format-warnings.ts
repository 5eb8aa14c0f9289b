import { isAbsolute, relative } from "node:path";
import type { CrewWarning } from "../config/crew-spec.ts";

/**
 * The one warning block of a run: each part of the crew crewkit does not apply, where it
 * is written, and what crewkit does instead. Empty when there is nothing to say.
 */
export function formatCrewWarnings(
	warnings: readonly CrewWarning[] | undefined,
	cwd: string,
): string {
	if (!warnings?.length) return "";
	const seen = new Set<string>();
	const lines: string[] = [];
	for (const warning of warnings) {
		const where = isAbsolute(warning.where) ? relative(cwd, warning.where) : warning.where;
		const line = `  - ${warning.what} (${where}): ${warning.instead}`;
		if (seen.has(line)) continue;
		seen.add(line);
		lines.push(line);
	}
	const count = lines.length === 1 ? "1 part" : `${lines.length} parts`;
	return `crewkit: warning: ${count} of this crew ${lines.length === 1 ? "is" : "are"} not applied:\n${lines.join("\n")}\n`;
}
