/** Where the CLI writes: injectable so commands can be tested in-process. */
export interface CliIo {
	out(text: string): void;
	err(text: string): void;
	/** Whether stderr is a terminal (live progress with streamed text). */
	interactive: boolean;
	cwd: string;
	env: Record<string, string | undefined>;
}

export function processIo(): CliIo {
	return {
		out: (text) => process.stdout.write(text),
		err: (text) => process.stderr.write(text),
		interactive: Boolean(process.stderr.isTTY),
		cwd: process.cwd(),
		env: process.env,
	};
}
