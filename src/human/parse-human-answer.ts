import { ConfigError } from "../errors.ts";
import { loadZod } from "../zod/load-zod.ts";
import type { HumanQuestion } from "./human-question.ts";
import {
	applyOutlineCommands,
	keepOutline,
	type OutlineEdit,
	outlineCommandsHelp,
	outlineEditSchema,
} from "./outline-edit.ts";

const yes = new Set(["y", "yes", "approve", "approved", "true", "ok", "accept"]);
const no = new Set(["n", "no", "reject", "rejected", "false"]);

/**
 * Turns an answer as a person gives it (a line typed on a terminal, `crewkit answer`'s
 * argument, a form field, or a JSON value from the API) into the value the question asks
 * for. @throws ConfigError saying what the question accepts.
 */
export function parseHumanAnswer(question: HumanQuestion, answer: unknown): unknown {
	switch (question.type) {
		case "approve": {
			if (typeof answer === "boolean") return answer;
			const word = String(answer).trim().toLowerCase();
			if (yes.has(word)) return true;
			if (no.has(word)) return false;
			throw new ConfigError(
				`'${question.prompt}' takes yes or no (approve/reject), got '${String(answer)}'.`,
			);
		}
		case "choose": {
			const choices = question.choices ?? [];
			const text = String(answer).trim();
			const byNumber = /^\d+$/.test(text) ? choices[Number(text) - 1] : undefined;
			const chosen = byNumber ?? choices.find((c) => c.toLowerCase() === text.toLowerCase());
			if (chosen !== undefined) return chosen;
			throw new ConfigError(
				`'${question.prompt}' takes one of: ${choices.join(", ")} (or its number), got '${text}'.`,
			);
		}
		case "feedback":
			return String(answer ?? "").trim();
		case "outline":
			return parseOutlineAnswer(question, answer);
		case "text":
			return question.schema ? parseStructured(question, answer) : String(answer ?? "");
	}
}

/** Whether feedback on a task's answer accepts it: nothing to add, or a plain yes. */
export function acceptsAnswer(feedback: unknown): boolean {
	const text = String(feedback ?? "")
		.trim()
		.toLowerCase();
	return text === "" || yes.has(text);
}

/** An outline edit: its JSON, or commands (`drop 3; move 5 1; …`) applied to the outline shown. */
function parseOutlineAnswer(question: HumanQuestion, answer: unknown): OutlineEdit {
	const draft = question.outline ?? { items: [], sources: [] };
	let value = answer;
	if (typeof answer === "string") {
		const text = answer.trim();
		if (!text.startsWith("{")) return applyOutlineCommands(keepOutline(draft), text, draft);
		try {
			value = JSON.parse(text);
		} catch {
			throw new ConfigError(`The outline edit is not JSON: '${text.slice(0, 80)}'.`);
		}
	}
	const parsed = outlineEditSchema().safeParse(value);
	if (!parsed.success) {
		throw new ConfigError(
			`An outline edit is { items: [{ title, from? }], excludeSources: [ids] } or commands (${outlineCommandsHelp}).`,
		);
	}
	for (const item of parsed.data.items) {
		if (item.from !== undefined && item.from > draft.items.length)
			throw new ConfigError(
				`The outline has ${draft.items.length} items; there is no item ${item.from}.`,
			);
	}
	return parsed.data;
}

function parseStructured(question: HumanQuestion, answer: unknown): unknown {
	let value = answer;
	const schema = loadZod().fromJSONSchema(question.schema ?? {});
	if (typeof answer === "string" && !schema.safeParse(answer).success) {
		try {
			value = JSON.parse(answer);
		} catch {
			throw new ConfigError(
				`'${question.prompt}' takes a JSON value matching ${JSON.stringify(question.schema)}; '${answer}' is not JSON.`,
			);
		}
	}
	const parsed = schema.safeParse(value);
	if (!parsed.success) {
		const problems = parsed.error.issues
			.map((issue) => `${issue.path.join(".") || "answer"}: ${issue.message}`)
			.join("; ");
		throw new ConfigError(`The answer to '${question.prompt}' does not fit: ${problems}.`);
	}
	return parsed.data;
}
