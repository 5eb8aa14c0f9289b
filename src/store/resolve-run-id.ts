import { ConfigError } from "../errors.ts";
import type { RunStore } from "./run-store.ts";

/**
 * The run a user means: `latest` (the newest run), a whole run id, or the start of exactly
 * one run's id (with or without its `run_` prefix). One resolver for every command.
 * @throws ConfigError when no run or more than one run matches, saying what to type instead.
 */
export function resolveRunId(
	store: Pick<RunStore, "getRun" | "listRuns">,
	reference: string,
): string {
	if (reference === "latest" || reference === "last") {
		// Stryker disable next-line ObjectLiteral: without the limit the newest run still comes first
		const [newest] = store.listRuns({ limit: 1 });
		if (!newest)
			throw new ConfigError(
				'There are no runs in the store yet. Start one with: crewkit run --topic "AI LLMs"',
			);
		return newest.id;
	}
	if (store.getRun(reference)) return reference;
	const prefixes = reference.startsWith("run_") ? [reference] : [reference, `run_${reference}`];
	const matches = [
		...new Set(
			prefixes.flatMap((idPrefix) => store.listRuns({ idPrefix, limit: 6 }).map((run) => run.id)),
		),
	];
	if (matches.length === 1 && matches[0]) return matches[0];
	if (matches.length > 1) {
		throw new ConfigError(
			`'${reference}' is the start of more than one run id (${matches.slice(0, 5).join(", ")}${matches.length > 5 ? ", …" : ""}); type more of it.`,
		);
	}
	throw new ConfigError(
		`There is no run '${reference}' in the store. List runs with: crewkit runs (or use 'latest').`,
	);
}
