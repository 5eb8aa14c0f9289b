import type { EvaluateReportOptions, ReportEvaluation } from "../report/evaluate-report.ts";
import type { MarkdownLimits, RenderedReport } from "../server/render-report.ts";
import type { HtmlToMarkdownOptions, PageMarkdown } from "../sources/html-to-markdown.ts";
import type { PdfText } from "../tools/web/read-pdf.ts";
import type { ParserLimits } from "./parser-limits.ts";

/** One piece of work for a parsing worker. */
export type ParseJob =
	| { type: "html"; html: string; options: HtmlToMarkdownOptions; limits: ParserLimits }
	| { type: "pdf"; bytes: Uint8Array; limits: ParserLimits }
	/** A markdown report rendered as sanitized HTML (the dashboard, the HTML and PDF exports). */
	| { type: "markdown"; markdown: string; markdownLimits: MarkdownLimits; limits: ParserLimits }
	/** A markdown report as a Word document. */
	| { type: "docx"; markdown: string; markdownLimits: MarkdownLimits; limits: ParserLimits }
	/** A markdown report measured as `crewkit eval` does (the dashboard's evaluation). */
	| { type: "evaluation"; markdown: string; options: EvaluationJobOptions; limits: ParserLimits };

/**
 * The options of `evaluateReport` a worker can be sent: passages as a map, not a function,
 * or the outputs of a run's tasks, whose research snapshot gives them (`passagesOfRun`).
 */
export type EvaluationJobOptions = Omit<EvaluateReportOptions, "passages"> & {
	passages?: ReadonlyMap<number, readonly string[]>;
	taskValues?: unknown[];
};

/** What each kind of job gives back. */
export interface ParseResults {
	html: PageMarkdown;
	pdf: PdfText;
	markdown: RenderedReport;
	docx: Uint8Array;
	evaluation: ReportEvaluation;
}

/** The message a worker answers a job with. */
export type ParseAnswer =
	| { id: number; ok: true; value: unknown }
	| { id: number; ok: false; error: { name: string; message: string; reason?: string } };

/** Runs one job in the current thread; the worker calls it, and so can tests. */
export async function runParseJob(job: ParseJob): Promise<ParseResults[ParseJob["type"]]> {
	if (job.type === "html") {
		const { htmlToMarkdown } = await import("../sources/html-to-markdown.ts");
		return htmlToMarkdown(job.html, { ...job.options, limits: job.limits });
	}
	if (job.type === "pdf") {
		const { readPdf } = await import("../tools/web/read-pdf.ts");
		return readPdf(job.bytes, job.limits);
	}
	if (job.type === "evaluation") {
		const { evaluateReport } = await import("../report/evaluate-report.ts");
		const { passagesOfRun } = await import("../report/passages-of-run.ts");
		const { taskValues, ...options } = job.options;
		const passages = taskValues ? passagesOfRun(taskValues, job.markdown) : undefined;
		return evaluateReport(job.markdown, passages ? { ...options, passages } : options);
	}
	const { assertMarkdownWithinLimits, renderReportWithinLimits } = await import(
		"../server/render-report.ts"
	);
	if (job.type === "markdown") return renderReportWithinLimits(job.markdown, job.markdownLimits);
	assertMarkdownWithinLimits(job.markdown, job.markdownLimits);
	const { reportToDocx } = await import("../export/report-docx.ts");
	return reportToDocx(job.markdown);
}
