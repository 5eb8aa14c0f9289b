import type { CrewEvent } from "../events.ts";
import type { CliIo } from "./io.ts";

/** What the run is doing now, as the events tell it. */
export interface Activity {
	/** e.g. "research_task · researcher" */
	where: string;
	phase: "starting" | "preparing" | "prompt" | "generating" | "tool" | "retrying";
	since: number;
	model?: string;
	tool?: string;
	/** Text pieces streamed by the current call (about one token each) and when the first came. */
	pieces: number;
	firstPieceAt?: number;
	/** Prompt evaluation so far (embedded model), before the first token. */
	prompt?: { evaluatedTokens: number; promptTokens: number; tokensPerSecond: number };
}

/** Folds one event into the activity. */
export function nextActivity(activity: Activity, event: CrewEvent, now: number): Activity {
	switch (event.type) {
		case "run-start":
			return { where: event.crew, phase: "starting", since: now, pieces: 0 };
		case "task-start":
			return { where: `${event.task} · ${event.agent}`, phase: "preparing", since: now, pieces: 0 };
		case "model-start":
			return {
				where: `${event.task} · ${event.agent}`,
				phase: "prompt",
				since: now,
				model: event.model,
				pieces: 0,
			};
		case "model-progress":
			return {
				...activity,
				phase: "prompt",
				prompt: {
					evaluatedTokens: event.evaluatedTokens,
					promptTokens: event.promptTokens,
					tokensPerSecond: event.tokensPerSecond,
				},
			};
		case "model-delta":
			return {
				...activity,
				phase: "generating",
				pieces: activity.pieces + 1,
				firstPieceAt: activity.firstPieceAt ?? now,
			};
		case "model-retry":
			return { ...activity, phase: "retrying", since: now, pieces: 0 };
		case "tool-call":
			return { ...activity, phase: "tool", tool: event.toolName, since: now };
		case "model-end":
		case "tool-result":
		case "task-end":
			return { ...activity, phase: "preparing", since: now, pieces: 0 };
		default:
			return activity;
	}
}

/** One line on what is happening: loading, evaluating the prompt, tokens and tokens/s. */
export function describeActivity(activity: Activity, now: number): string {
	const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))}s`;
	const model = activity.model ? ` · ${activity.model}` : "";
	switch (activity.phase) {
		case "starting":
			return `… ${activity.where}: loading the crew and its model (${seconds(now - activity.since)})`;
		case "preparing":
			return `… ${activity.where}: preparing the next model call (loading the model on first use) (${seconds(now - activity.since)})`;
		case "prompt": {
			const prompt = activity.prompt;
			const done = prompt
				? ` ${prompt.evaluatedTokens.toLocaleString("en-US")}/${prompt.promptTokens.toLocaleString("en-US")} tokens · ${prompt.tokensPerSecond.toFixed(1)} tokens/s`
				: ", no token yet";
			return `… ${activity.where}${model}: evaluating the prompt${done} (${seconds(now - activity.since)})`;
		}
		case "generating": {
			const elapsed = now - (activity.firstPieceAt ?? now);
			const rate =
				elapsed > 0 ? ` · ${((activity.pieces / elapsed) * 1000).toFixed(1)} tokens/s` : "";
			return `… ${activity.where}${model}: generating, ${activity.pieces} tokens${rate} (${seconds(now - activity.since)})`;
		}
		case "tool":
			return `… ${activity.where}: running ${activity.tool ?? "a tool"} (${seconds(now - activity.since)})`;
		case "retrying":
			return `… ${activity.where}${model}: waiting to retry the model call (${seconds(now - activity.since)})`;
	}
}

export interface ActivityLineOptions {
	/** Silence after which the line appears. Default 3 s. */
	afterMs?: number;
	/** On a non-terminal, at most one line per this long. Default 15 s. */
	everyMs?: number;
	now?: () => number;
	setInterval?: (tick: () => void, ms: number) => { unref?(): void };
	clearInterval?: (timer: unknown) => void;
}

export interface ActivityLine {
	observe(event: CrewEvent): void;
	/** The CLI's io, whose stderr first clears the status line (and counts as output). */
	io: CliIo;
	close(): void;
}

/**
 * Keeps the user told during silences: after a few seconds without output, a status line
 * on stderr says what the run is doing (rewritten in place on a terminal, a line every
 * `everyMs` elsewhere). Under --quiet it is used on a terminal only.
 */
export function createActivityLine(cliIo: CliIo, options: ActivityLineOptions = {}): ActivityLine {
	const now = options.now ?? Date.now;
	const afterMs = options.afterMs ?? 3000;
	const everyMs = options.everyMs ?? 15_000;
	let activity: Activity = { where: "crewkit", phase: "starting", since: now(), pieces: 0 };
	let lastOutput = now();
	// Elsewhere (a log, a pipe) the first line too waits `everyMs`: quick failures stay one line.
	let lastLine = now();
	let shown = false;
	/** Whether the cursor is at the start of a line (streamed text may have left it mid-line). */
	let atLineStart = true;
	const clear = () => {
		if (shown) cliIo.err("\r\x1b[2K");
		shown = false;
	};
	const io: CliIo = {
		...cliIo,
		err: (text) => {
			clear();
			cliIo.err(text);
			if (text.length) atLineStart = text.endsWith("\n");
			lastOutput = now();
		},
	};
	const tick = () => {
		const at = now();
		if (at - lastOutput < afterMs || !atLineStart) return;
		if (cliIo.interactive) {
			cliIo.err(`\r\x1b[2K${describeActivity(activity, at)}`);
			shown = true;
		} else if (at - lastLine >= everyMs) {
			cliIo.err(`${describeActivity(activity, at)}\n`);
			lastLine = at;
		}
	};
	const timer = (options.setInterval ?? setInterval)(tick, 1000);
	timer.unref?.();
	return {
		io,
		observe(event) {
			activity = nextActivity(activity, event, now());
			if (event.type === "run-end") clear();
		},
		close() {
			(options.clearInterval ?? ((handle) => clearInterval(handle as NodeJS.Timeout)))(timer);
			clear();
		},
	};
}
