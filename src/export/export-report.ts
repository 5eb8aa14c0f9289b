import { reportToDocx } from "./report-docx.ts";
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

/** A markdown report in a format people can send: self-contained HTML, PDF or DOCX. */
export async function exportReport(
	markdown: string,
	format: ExportFormat,
	options: { env?: Record<string, string | undefined> } = {},
): Promise<Uint8Array> {
	if (format === "docx") return reportToDocx(markdown);
	const { html } = reportToHtml(markdown);
	if (format === "html") return new TextEncoder().encode(html);
	return htmlToPdf(html, options);
}
