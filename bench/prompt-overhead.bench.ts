/**
 * Prompt overhead: the tokens each framework adds around the user's own text (role, goal,
 * backstory, description, expected output, and the first task's answer as context) in the
 * prompts its model receives, for the same two-task crew, counted with one tokenizer.
 *
 *   node bench/prompt-overhead.bench.ts [--frameworks crewkit,kaibanjs]
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { addedText } from "./support/added-text.ts";
import {
	type BenchResult,
	commandLine,
	publishResult,
	type Ratio,
} from "./support/bench-result.ts";
import type { CapturedMessage } from "./support/crew-runner.ts";
import { formatNumber, formatRatio } from "./support/format.ts";
import { benchDir, type FrameworkEntry } from "./support/frameworks.ts";
import { labelWithVersion } from "./support/package-versions.ts";
import { userTextPerCall } from "./support/research-crew-text.ts";
import { parseResultLine, runChild } from "./support/run-child.ts";
import { selectFrameworks } from "./support/select-frameworks.ts";

const { values } = parseArgs({
	options: {
		quick: { type: "boolean", default: false },
		frameworks: { type: "string" },
		"no-install": { type: "boolean", default: false },
	},
});

const { selected, notes } = selectFrameworks(values.frameworks, {
	install: !values["no-install"],
	include: (entry) => !entry.diagnostic && !entry.batchOnly,
});
const tokenizer = (await import(pathToFileURL(`${benchDir}peers/count-tokens.ts`).href)) as {
	tokenizerName: string;
	countTokens(text: string): number;
};

interface CallFigures {
	promptTokens: number;
	userTokens: number;
	addedTokens: number;
	added: string;
	missing: string[];
}

interface FrameworkFigures {
	entry: FrameworkEntry;
	calls: CallFigures[];
	added: number;
	prompt: number;
}

const measured: FrameworkFigures[] = [];
for (const entry of selected) {
	let calls: CapturedMessage[][];
	try {
		const child = await runChild("support/crew-worker.ts", ["capture", entry.name], {
			timeoutMs: 120_000,
		});
		calls = parseResultLine<{ calls: CapturedMessage[][] }>(child, entry.label).calls;
	} catch (error) {
		notes.push(`${entry.label} failed: ${(error as Error).message.split("\n")[0]}`);
		continue;
	}
	if (calls.length !== userTextPerCall.length) {
		notes.push(
			`${entry.label} made ${calls.length} model calls for the crew, not ${userTextPerCall.length}.`,
		);
	}
	const figures = calls.map((messages, index): CallFigures => {
		const pieces = userTextPerCall[Math.min(index, userTextPerCall.length - 1)] ?? [];
		const text = addedText(messages, pieces);
		return {
			promptTokens: tokenizer.countTokens(text.prompt),
			userTokens: pieces.reduce((sum, piece) => sum + tokenizer.countTokens(piece), 0),
			addedTokens: text.added ? tokenizer.countTokens(text.added) : 0,
			added: text.added,
			missing: text.missing,
		};
	});
	for (const call of figures) {
		if (call.missing.length) {
			notes.push(
				`${entry.label} changed some of the user's text (counted as added): ${call.missing.map((piece) => `"${piece.slice(0, 40)}…"`).join(", ")}`,
			);
		}
	}
	measured.push({
		entry,
		calls: figures,
		added: figures.reduce((sum, call) => sum + call.addedTokens, 0),
		prompt: figures.reduce((sum, call) => sum + call.promptTokens, 0),
	});
}

const crewkit = measured.find((figures) => figures.entry.name === "crewkit");
const ratios: Ratio[] = [];
if (crewkit) {
	for (const figures of measured) {
		if (figures === crewkit || figures.added === 0) continue;
		const value = figures.added / Math.max(1, crewkit.added);
		ratios.push({
			label: `${figures.entry.label} / crewkit, tokens added per crew run`,
			value,
			text: `${formatRatio(value)} (${figures.added} vs ${crewkit.added})`,
		});
	}
	const reference = 94;
	ratios.push({
		label: "CrewAI's default crew (reference, ~94 tokens per run, not measured here) / crewkit",
		value: reference / Math.max(1, crewkit.added),
		text: formatRatio(reference / Math.max(1, crewkit.added)),
	});
}
const excerpt = (text: string) => (text.length > 240 ? `${text.slice(0, 240)}…` : text);
const result: BenchResult = {
	name: "prompt-overhead",
	title: "Prompt overhead (tokens the framework adds around the user's text)",
	command: commandLine(),
	method: `Each framework runs the crew once on its fake model, which records every prompt. The user's own text of each call (role, goal, backstory, description, expected output, and for the second call the first task's answer) is taken out of the prompt once; what is left is counted with ${tokenizer.tokenizerName}, whitespace collapsed (line breaks joining the user's text count as nothing). Chat-format tokens (role markers) are not counted for anyone.`,
	tables: [
		{
			title: "Per framework",
			columns: [
				"framework",
				"added tokens, call 1",
				"added tokens, call 2",
				"added per call (mean)",
				"added per crew run",
				"user's tokens per run",
				"prompt tokens per run",
			],
			rows: measured.map((figures) => [
				labelWithVersion(figures.entry),
				formatNumber(figures.calls[0]?.addedTokens ?? Number.NaN, 0),
				formatNumber(figures.calls[1]?.addedTokens ?? Number.NaN, 0),
				formatNumber(figures.added / Math.max(1, figures.calls.length), 0),
				formatNumber(figures.added, 0),
				formatNumber(
					figures.calls.reduce((sum, call) => sum + call.userTokens, 0),
					0,
				),
				formatNumber(figures.prompt, 0),
			]),
		},
	],
	notes: [
		...notes,
		...measured
			.filter((figures) => figures.added > 0)
			.map(
				(figures) =>
					`${figures.entry.label} adds, call 2: "${excerpt(figures.calls[1]?.added ?? "")}"`,
			),
		"Frameworks without prompt templates (AI SDK, LangGraph, OpenAI Agents, Mastra, the floor) send the user's prompt as written: 0 added. The user's joining text there is line breaks only (see bench/support/research-crew-text.ts, plainPrompt).",
		"Reference: CrewAI's default crew adds ~47 tokens per call (~94 per run) from its templates (DESIGN.md); CrewAI is Python and is not run here.",
	],
	ratios,
	data: measured.map((figures) => ({ framework: figures.entry.name, calls: figures.calls })),
};
publishResult(result);
