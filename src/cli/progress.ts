import type { CrewEvent } from "../events.ts";
import { createRedactor } from "../store/redact-secrets.ts";
import type { Usage } from "../usage.ts";
import type { CliIo } from "./io.ts";

const dim = (text: string) => `\x1b[2m${text}\x1b[22m`;
const bold = (text: string) => `\x1b[1m${text}\x1b[22m`;

export const formatSeconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
export const formatTokens = (usage: Usage) =>
	`${usage.totalTokens.toLocaleString("en-US")} tokens (${usage.inputTokens.toLocaleString("en-US")} in, ${usage.outputTokens.toLocaleString("en-US")} out)`;

/**
 * The terminal view of a run, driven only by events: which agent works on which task,
 * the text it streams (on a terminal), tool calls, elapsed time and tokens. Writes to
 * stderr so stdout stays for results.
 */
export function createProgressView(cliIo: CliIo): (event: CrewEvent) => void {
	const redact = createRedactor(cliIo.env);
	const io = { ...cliIo, err: (text: string) => cliIo.err(redact(text)) };
	const color = io.interactive && !io.env.NO_COLOR;
	const style = (format: (text: string) => string, text: string) => (color ? format(text) : text);
	let streaming = false;
	const endStream = () => {
		if (streaming) io.err("\n");
		streaming = false;
	};
	return (event) => {
		switch (event.type) {
			case "run-start":
				io.err(`${style(bold, `crewkit ▸ ${event.crew}`)} ${style(dim, event.runId)}\n`);
				break;
			case "task-start":
				io.err(`${style(bold, `▶ ${event.task}`)} — ${event.agent}\n`);
				break;
			case "model-delta":
				if (!io.interactive) break;
				streaming = true;
				io.err(style(dim, event.delta));
				break;
			case "model-end":
				endStream();
				io.err(
					style(
						dim,
						`  · ${event.model} ${formatSeconds(event.durationMs)} · ${formatTokens(event.usage)}\n`,
					),
				);
				break;
			case "model-retry":
				endStream();
				io.err(
					`  ↻ ${event.model} attempt ${event.attempt} failed (${event.reason}); retrying in ${formatSeconds(event.delayMs)}\n`,
				);
				break;
			case "tool-call":
				endStream();
				io.err(`  ↳ ${event.toolName} ${truncate(JSON.stringify(event.input), 100)}\n`);
				break;
			case "tool-result":
				if (event.isError)
					io.err(`  ✗ ${event.toolName}: ${truncate(String(event.output), 160)}\n`);
				break;
			case "task-retry":
				endStream();
				io.err(`  ↻ retry ${event.attempt}: ${truncate(event.reason, 200)}\n`);
				break;
			case "task-end":
				endStream();
				io.err(
					`✔ ${event.task} ${formatSeconds(event.durationMs)} · ${formatTokens(event.usage)}\n`,
				);
				break;
			case "step-start":
				endStream();
				io.err(
					`${style(bold, `▶ step ${event.step}`)}${event.occurrence > 1 ? ` (#${event.occurrence})` : ""}\n`,
				);
				break;
			case "step-end":
				endStream();
				io.err(
					`✔ step ${event.step}${event.label ? ` → ${event.label}` : ""} ${formatSeconds(event.durationMs)}\n`,
				);
				break;
			case "step-restore":
				io.err(style(dim, `↺ step ${event.step} restored from ${event.fromRun}\n`));
				break;
			case "step-error":
				endStream();
				io.err(`✗ step ${event.step}: ${truncate(event.error, 200)}\n`);
				break;
			case "human-answer":
				io.err(
					style(
						dim,
						`  ✎ answered ${event.key}${event.by === "timeout" ? " (default, timed out)" : ""}\n`,
					),
				);
				break;
			case "run-end":
				endStream();
				if (event.status === "waiting") {
					io.err(`⏸ run waiting for an answer · ${formatTokens(event.usage)}\n`);
					break;
				}
				io.err(
					`${runEndMark[event.status]} run ${event.status} in ${formatSeconds(event.durationMs)} · ${formatTokens(event.usage)}${event.reason ? `: ${event.reason}` : ""}\n`,
				);
				break;
			default:
				break;
		}
	};
}

/** Only a run that completed gets a tick; an ungrounded one a warning sign. */
const runEndMark = { completed: "✔", ungrounded: "⚠", failed: "✗", cancelled: "✗" } as const;

function truncate(text: string, length: number): string {
	const flat = text.replace(/\s+/g, " ");
	return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
