export { type ExportFormat, exportFormats, exportReport, isExportFormat } from "./export-report.ts";
export { reportToDocx } from "./report-docx.ts";
export { type ReportHtml, reportToHtml } from "./report-html.ts";
export { ExportError, htmlToPdf } from "./report-pdf.ts";
