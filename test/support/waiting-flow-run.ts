import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { flowDefinition } from "../../src/service/define-run.ts";
import { executeRun } from "../../src/service/execute-run.ts";
import { publishingStore } from "../../src/service/local-launcher.ts";
import type { RunStore } from "../../src/store/run-store.ts";
import type { Harness } from "./server-harness.ts";

export const gatedFlowFile = fileURLToPath(
	new URL("../fixtures/flows/gated-flow.ts", import.meta.url),
);

/**
 * Runs the gated test flow in a harness's workspace until it waits for a person (its
 * approve step asks, with ASK set); resolves with the run id.
 */
export async function startWaitingFlowRun(
	harness: Pick<Harness, "workspace" | "store" | "bus">,
	inputs: Record<string, string | number | boolean> = {},
) {
	process.env.ASK = "1";
	const script = join(harness.workspace, "flow-script.json");
	await writeFile(
		script,
		JSON.stringify([
			{ match: "Draft a sentence on tides", text: "Tides rise." },
			{ match: "Polish this sentence: Tides rise.", text: "Tides rise twice a day." },
		]),
	);
	const definition = await flowDefinition({
		reference: gatedFlowFile,
		cwd: harness.workspace,
		model: `scripted:${script}`,
		out: undefined,
	});
	const store: RunStore = publishingStore(harness.store, harness.bus);
	let runId = "";
	await executeRun(definition, {
		store,
		mode: { type: "new", inputs: { topic: "tides", ...inputs } },
		modelOptions: { cwd: harness.workspace },
		onEvent: (event) => {
			runId ||= event.runId;
		},
	}).catch((error: unknown) => {
		if ((error as Error).name !== "WaitingForHumanError") throw error;
	});
	return runId;
}

/** Resolves once the stored run has the status (checked on every recorded event). */
export function untilStatus(
	harness: Pick<Harness, "store" | "bus">,
	runId: string,
	status: string,
) {
	return new Promise<void>((resolve) => {
		const check = () => {
			if (harness.store.getRun(runId)?.status !== status) return false;
			unsubscribe();
			resolve();
			return true;
		};
		const unsubscribe = harness.bus.subscribe(runId, check);
		check();
	});
}
