/** Where the CLI writes: injectable so commands can be tested in-process. */
export interface CliIo {
	out(text: string): void;
	err(text: string): void;
	/** Whether stderr is a terminal (live progress with streamed text). */
	interactive: boolean;
	cwd: string;
	env: Record<string, string | undefined>;
	/** Where answers to questions for people are read (stdin), and whether it is a terminal. */
	input?: NodeJS.ReadableStream;
	inputIsTerminal?: boolean;
	/** Asks the user a question and returns the answer; absent when there is no terminal to ask on. */
	ask?: ((question: string) => Promise<string>) | undefined;
}

/**
 * The process's own streams. stdin is opened only when a command reads it (`input`,
 * `inputIsTerminal`, `ask` are getters): opening it loads Node's stream and readline
 * machinery, which `crewkit --help` and most commands never need.
 */
export function processIo(): CliIo {
	return {
		out: (text) => process.stdout.write(text),
		err: (text) => process.stderr.write(text),
		interactive: Boolean(process.stderr.isTTY),
		cwd: process.cwd(),
		env: process.env,
		get input() {
			return process.stdin;
		},
		get inputIsTerminal() {
			return Boolean(process.stdin.isTTY);
		},
		get ask() {
			return process.stdin.isTTY && process.stderr.isTTY ? askOnTerminal : undefined;
		},
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
