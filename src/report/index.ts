export {
	type CheckReportOptions,
	checkReport,
	formatReportProblems,
	type ReportCheck,
	type ReportProblem,
	type ReportSection,
} from "./check-report.ts";
