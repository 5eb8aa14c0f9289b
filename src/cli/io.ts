/** Where the CLI writes: injectable so commands can be tested in-process. */
export interface CliIo {
	out(text: string): void;
	err(text: string): void;
	/** Whether stderr is a terminal (live progress with streamed text). */
	interactive: boolean;
	cwd: string;
	env: Record<string, string | undefined>;
	/** Asks the user a question and returns the answer; absent when there is no terminal to ask on. */
	ask?: (question: string) => Promise<string>;
}

export function processIo(): CliIo {
	return {
		out: (text) => process.stdout.write(text),
		err: (text) => process.stderr.write(text),
		interactive: Boolean(process.stderr.isTTY),
		cwd: process.cwd(),
		env: process.env,
		...(process.stdin.isTTY && process.stderr.isTTY ? { ask: askOnTerminal } : {}),
	};
}

async function askOnTerminal(question: string): Promise<string> {
	const { createInterface } = await import("node:readline/promises");
	const terminal = createInterface({ input: process.stdin, output: process.stderr });
	try {
		return await terminal.question(question);
	} finally {
		terminal.close();
	}
}
