import { ParserLimitError } from "../parsers/parser-limits.ts";
import {
	type ReportRenderLimits,
	reportToDocxInWorker,
} from "../server/render-report-in-worker.ts";
import { reportToHtml } from "./report-html.ts";
import { htmlToPdf } from "./report-pdf.ts";

export const exportFormats = ["html", "pdf", "docx"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const isExportFormat = (value: string): value is ExportFormat =>
	(exportFormats as readonly string[]).includes(value);

export const exportMediaTypes: Record<ExportFormat, string> = {
	html: "text/html; charset=utf-8",
	pdf: "application/pdf",
	docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

/**
 * A markdown report in a format people can send: self-contained HTML, PDF or DOCX. The
 * markdown is read in a parsing worker with limits of size, nesting and time (see
 * render-report-in-worker.ts), so a hostile report cannot block the process.
 * @throws ParserLimitError when the report is over a limit, saying which and what to do.
 */
export async function exportReport(
	markdown: string,
	format: ExportFormat,
	options: {
		env?: Record<string, string | undefined>;
		limits?: Partial<ReportRenderLimits>;
	} = {},
): Promise<Uint8Array> {
	try {
		if (format === "docx") {
			return await reportToDocxInWorker(markdown, { label: "The report", limits: options.limits });
		}
		const { html } = await reportToHtml(markdown, { limits: options.limits ?? {} });
		if (format === "html") return new TextEncoder().encode(html);
		return await htmlToPdf(html, options);
	} catch (error) {
		if (!(error instanceof ParserLimitError)) throw error;
		throw new ParserLimitError(
			`${error.message}, so it was not exported as ${format}. Export it as markdown instead (the .md file as it is), or shorten it.`,
			error.reason,
			{ cause: error },
		);
	}
}
