import type { ReliabilityOptions } from "../agent/call-model.ts";
import type { HumanOptions } from "../human/human-channel.ts";

export interface CliRunFlags {
	quiet: boolean;
	json: boolean;
	record?: string | undefined;
	threads?: number | undefined;
	/** The model's context window (`--context`). */
	contextSize?: number | undefined;
	/** An OTLP/HTTP collector for the run's spans (`--otlp`). */
	otlp?: string | undefined;
	/** Retries and rate limits of model calls (`--retries`, `--rpm`). */
	reliability?: ReliabilityOptions | undefined;
	/** `--trust`: let the crew folder start its MCP servers and read the variables they name. */
	trust?: boolean | undefined;
	/** Who answers questions for people (`--human`); default: the run waits. */
	human?: HumanOptions | undefined;
}
