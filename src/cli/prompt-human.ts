import { createInterface } from "node:readline";
import { ConfigError } from "../errors.ts";
import type { HumanAnswerer } from "../human/human-channel.ts";
import type { HumanQuestion } from "../human/human-question.ts";
import {
	applyOutlineCommands,
	describeOutlineEdit,
	keepOutline,
	type OutlineEdit,
	outlineCommandsHelp,
} from "../human/outline-edit.ts";
import { parseHumanAnswer } from "../human/parse-human-answer.ts";

/**
 * Asks questions on a terminal (or reads answers line by line from piped input): shows
 * the question on stderr, reads one line, and asks again until the answer fits.
 */
export function createPromptAnswerer(
	input: NodeJS.ReadableStream,
	write: (text: string) => void,
): HumanAnswerer & { close(): void } {
	const lines = createInterface({ input, terminal: false })[Symbol.asyncIterator]();
	const answerer = async (question: HumanQuestion) => {
		if (question.type === "outline") return editOutline(question);
		write(describeQuestion(question));
		for (;;) {
			write("> ");
			const line = await lines.next();
			if (line.done) {
				throw new ConfigError(
					`The input ended before '${question.prompt}' was answered. Answer later with: crewkit answer <run> <answer>`,
				);
			}
			try {
				return parseHumanAnswer(question, line.value);
			} catch (error) {
				write(`${(error as Error).message}\n`);
			}
		}
	};
	/** An outline is edited command by command, shown after each, until `done` or an empty line. */
	async function editOutline(question: HumanQuestion): Promise<OutlineEdit> {
		const draft = question.outline ?? { items: [], sources: [] };
		let edit = keepOutline(draft);
		write(
			`\n? ${question.prompt}\n${describeOutlineEdit(edit, draft)}\n  (${outlineCommandsHelp}; an empty line keeps it)\n`,
		);
		for (;;) {
			write("> ");
			const line = await lines.next();
			const text = line.done ? "done" : line.value.trim();
			if (text === "" || text.toLowerCase() === "done") return edit;
			try {
				edit = applyOutlineCommands(edit, text, draft);
				write(`${describeOutlineEdit(edit, draft)}\n`);
			} catch (error) {
				write(`${(error as Error).message}\n`);
			}
		}
	}
	return Object.assign(answerer, { close: () => void lines.return?.() });
}

/** A question as a terminal shows it. */
export function describeQuestion(question: HumanQuestion): string {
	const lines = [`\n? ${question.prompt}`];
	if (question.type === "feedback" && question.draft !== undefined) {
		lines.splice(0, 0, "", "─".repeat(40), question.draft.trim(), "─".repeat(40));
	}
	if (question.type === "approve") lines.push("  (yes or no)");
	if (question.type === "choose") {
		for (const [index, choice] of (question.choices ?? []).entries())
			lines.push(`  ${index + 1}) ${choice}`);
	}
	if (question.type === "outline" && question.outline) {
		lines.push(describeOutlineEdit(keepOutline(question.outline), question.outline));
		lines.push(`  (answer with commands: ${outlineCommandsHelp})`);
	}
	if (question.schema) lines.push(`  (JSON matching ${JSON.stringify(question.schema)})`);
	if (question.hasDefault) {
		const when = question.deadline ? ` at ${new Date(question.deadline).toISOString()}` : "";
		lines.push(`  (default${when}: ${JSON.stringify(question.default)})`);
	}
	return `${lines.join("\n")}\n`;
}
