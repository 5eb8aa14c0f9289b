import { describeWorkerLimit } from "../parsers/describe-worker-limit.ts";
import { parseInWorker } from "../parsers/parse-in-worker.ts";
import type { ParseJob, ParseResults } from "../parsers/parse-job.ts";
import { ParserLimitError, type ParserLimits, parserLimits } from "../parsers/parser-limits.ts";
import {
	asPlainText,
	defaultMarkdownLimits,
	type MarkdownLimits,
	type RenderedReport,
} from "./render-report.ts";

/** What one rendering of a report may cost, in its worker. */
export interface ReportRenderLimits extends MarkdownLimits {
	/** Milliseconds a rendering may take before its worker is stopped. */
	deadlineMs: number;
	/** Megabytes of heap the rendering worker may use. */
	maxMemoryMb: number;
}

export const defaultReportRenderLimits = {
	...defaultMarkdownLimits,
	deadlineMs: 10_000,
	maxMemoryMb: 512,
} as const satisfies ReportRenderLimits;

/**
 * Renders a markdown report in a parsing worker (see src/parsers), so that a report a model
 * wrote to be slow (emphasis or link runs marked takes seconds per kilobyte on, huge
 * tables) never blocks the server: over a limit of size, nesting, time or memory, the report
 * is shown as escaped plain text with `renderError` saying which limit.
 */
export async function renderReportInWorker(
	markdown: string,
	options: RenderOptions & {
		/** `throw` a `ParserLimitError` over a limit, instead of showing plain text. */
		overLimit?: "plain-text" | "throw";
	},
): Promise<RenderedReport> {
	const limits = { ...defaultReportRenderLimits, ...options.limits };
	try {
		return await renderInWorker("markdown", markdown, options.label, limits, options.signal);
	} catch (error) {
		if (!(error instanceof ParserLimitError) || options.overLimit === "throw") throw error;
		return asPlainText(markdown, `${error.message}: it is shown as plain text.`, limits);
	}
}

interface RenderOptions {
	/** Names the report in messages: "The report of run 2f…". */
	label: string;
	limits?: Partial<ReportRenderLimits> | undefined;
	signal?: AbortSignal | undefined;
}

/**
 * A markdown report as a Word document, made in a parsing worker with the same limits.
 * @throws ParserLimitError saying which limit the report is over.
 */
export async function reportToDocxInWorker(
	markdown: string,
	options: RenderOptions,
): Promise<Uint8Array> {
	const limits = { ...defaultReportRenderLimits, ...options.limits };
	return renderInWorker("docx", markdown, options.label, limits, options.signal);
}

/**
 * Runs a markdown job in a worker.
 * @throws ParserLimitError whose message reads "<label> is too long to render (…)" and alike.
 */
async function renderInWorker<Type extends "markdown" | "docx">(
	type: Type,
	markdown: string,
	label: string,
	limits: ReportRenderLimits,
	signal: AbortSignal | undefined,
): Promise<ParseResults[Type]> {
	const workerLimits: ParserLimits = parserLimits({
		deadlineMs: limits.deadlineMs,
		maxMemoryMb: limits.maxMemoryMb,
	});
	const markdownLimits = { maxChars: limits.maxChars, maxDepth: limits.maxDepth };
	try {
		const job = { type, markdown, markdownLimits, limits: workerLimits } as ParseJob;
		return (await parseInWorker(job, { label, signal })) as ParseResults[Type];
	} catch (error) {
		if (!(error instanceof ParserLimitError)) throw error;
		throw new ParserLimitError(describeLimit(error, label, limits), error.reason, { cause: error });
	}
}

/** "<label> is …", whichever limit stopped the rendering. */
function describeLimit(error: ParserLimitError, label: string, limits: ReportRenderLimits) {
	return (
		describeWorkerLimit(error, label, { verb: "render", participle: "rendered" }, limits) ??
		// The worker's message: "<label>: too long to render (…)".
		error.message.replace(`${label}: `, `${label} is `)
	);
}
