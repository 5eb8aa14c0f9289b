import { ConfigError } from "../errors.ts";
import { resolveRunId } from "../store/resolve-run-id.ts";
import type { RunStore } from "../store/run-store.ts";
import { openCliStore } from "./cli-run.ts";
import type { CliIo } from "./io.ts";

/**
 * Opens the CLI's run store (`--store FILE`, else CREWKIT_STORE, else .crewkit/runs.db),
 * hands it to `use`, and closes it when `use` is done, whether it succeeded or threw.
 */
export async function withRunStore<T>(
	io: CliIo,
	path: string | undefined,
	use: (store: RunStore) => T | Promise<T>,
): Promise<T> {
	const store = openCliStore(io, path);
	try {
		return await use(store);
	} finally {
		store.close();
	}
}

/** The `<run>` that `crewkit <command> <run>` was given. @throws ConfigError when missing. */
export function requireRunId(command: string, positionals: readonly string[]): string {
	const [runId] = positionals;
	if (!runId) {
		throw new ConfigError(
			`${command} takes a run: crewkit ${command} <run>, where <run> is a run id, the start of one, or 'latest' (list them with crewkit runs)`,
		);
	}
	return runId;
}

/** The run id a command's `<run>` argument names: `latest`, an id, or a unique id prefix. */
export function requireRun(
	command: string,
	positionals: readonly string[],
	store: Pick<RunStore, "getRun" | "listRuns">,
): string {
	return resolveRunId(store, requireRunId(command, positionals));
}
