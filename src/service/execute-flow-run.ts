import type { CrewEvent } from "../events.ts";
import { flowRestoreFromEvents } from "../flow/flow-history.ts";
import { loadFlowFile } from "../flow/load-flow-file.ts";
import type { FlowOutput, FlowRunOptions } from "../flow/run-flow.ts";
import { humanHistory } from "../human/human-history.ts";
import type { ExecuteRunOptions } from "./execute-run-options.ts";
import type { FlowRunDefinition } from "./run-definition.ts";

/**
 * Runs a flow defined by its module (the CLI, the server and workers): new, resumed or
 * replayed. The result of a completed run (the last step's output) is written to `out`.
 */
export async function executeFlowRun(
	definition: FlowRunDefinition,
	options: ExecuteRunOptions & { earlierEvents?: readonly CrewEvent[] },
): Promise<FlowOutput<Record<string, unknown>>> {
	const flow = await loadFlowFile(definition.flowFile, definition.exportName);
	const common: FlowRunOptions & { store: ExecuteRunOptions["store"] } = {
		store: options.store,
		definition,
		model: definition.model,
		...(definition.out ? { outputFile: definition.out } : {}),
		modelOptions: { cwd: definition.workspace, ...options.modelOptions },
		...(options.onEvent ? { onEvent: options.onEvent } : {}),
		...(options.signal ? { signal: options.signal } : {}),
		...(options.wrapModel ? { wrapModel: options.wrapModel } : {}),
		...(options.reliability ? { reliability: options.reliability } : {}),
		...(options.human ? { human: options.human } : {}),
	};
	const { mode } = options;
	const output =
		mode.type === "resume"
			? await flow.resume(mode.runId, common)
			: mode.type === "replay"
				? await flow.replay(mode.runId, mode.from, common)
				: await flow.kickoff({
						...common,
						inputs: mode.inputs,
						...(mode.runId ? { runId: mode.runId } : {}),
						...(mode.runId && options.earlierEvents?.length
							? {
									restore: flowRestoreFromEvents(mode.runId, options.earlierEvents),
									history: humanHistory(options.earlierEvents),
								}
							: {}),
					});
	return output as FlowOutput<Record<string, unknown>>;
}
