import { CrewkitError } from "../errors.ts";

/** A step of a flow threw; the run can be continued with `crewkit resume <run>` once fixed. */
export class FlowStepError extends CrewkitError {
	readonly step: string;

	constructor(flow: string, step: string, runId: string, cause: unknown) {
		const message = cause instanceof Error ? cause.message : String(cause);
		super(
			`Step '${step}' of flow '${flow}' failed: ${message} (run ${runId}; steps that ended are kept: continue with crewkit resume ${runId})`,
			{ cause },
		);
		this.step = step;
	}
}

/** A step left the flow's state in a shape its schema refuses. */
export class FlowStateError extends CrewkitError {}
