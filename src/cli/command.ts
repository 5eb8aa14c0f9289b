import type { CliIo } from "./io.ts";

/** A CLI command: its usage text and what it does; resolves with the exit code. */
export interface Command {
	usage: string;
	run(args: string[], io: CliIo): Promise<number>;
}
