import { ConfigError } from "../errors.ts";
import type { HumanOptions } from "../human/human-channel.ts";
import type { CliIo } from "./io.ts";
import { createPromptAnswerer } from "./prompt-human.ts";

export const humanModeHelp = `  --human MODE       how questions for people are answered: 'prompt' asks on
                     the terminal (reads lines from stdin), 'wait' stores the run
                     as waiting until crewkit answer <run> <answer>; default:
                     prompt when stdin is a terminal, else wait`;

/**
 * Who answers a run's questions from the CLI: a prompt on stdin (`--human prompt`, the
 * default on a terminal), or nobody, so the run waits (`--human wait`, the default otherwise).
 */
export function humanOptionsFor(
	io: CliIo,
	mode: string | undefined,
): { human: HumanOptions; close(): void } {
	const chosen = mode ?? (io.inputIsTerminal ? "prompt" : "wait");
	if (chosen === "wait") return { human: {}, close: () => {} };
	if (chosen !== "prompt")
		throw new ConfigError(`--human takes 'prompt' or 'wait', got '${chosen}'.`);
	if (!io.input) throw new ConfigError("--human prompt needs an input to read answers from.");
	const answer = createPromptAnswerer(io.input, io.err);
	return { human: { answer }, close: answer.close };
}
