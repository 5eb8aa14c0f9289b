import type { Guardrail } from "../crew/task.ts";
import { checkReport, formatReportProblems } from "./check-report.ts";

/** The report check as a guardrail: the problems go back to the agent that wrote it. */
export function reportStructure(sections: number): Guardrail {
	return (output) => {
		const check = checkReport(output.raw, { sections });
		return check.ok
			? { ok: true }
			: { ok: false, reason: `the report's structure is wrong:\n${formatReportProblems(check)}` };
	};
}
