import { CrewkitError } from "../errors.ts";
import type { CrewEvent } from "../events.ts";
import type { HumanHistory } from "./human-history.ts";
import type { HumanQuestion } from "./human-question.ts";
import { parseHumanAnswer } from "./parse-human-answer.ts";

/**
 * Asks a person now and resolves with their answer (a terminal prompt, a test's script).
 * The answer is checked against the question; a prompt should ask again until it fits.
 */
export type HumanAnswerer = (question: HumanQuestion) => Promise<unknown>;

/** How a run gets answers from people. */
export interface HumanOptions {
	/**
	 * Asks at once and waits in this process. Without it, a question stops the run: it is
	 * stored as `waiting` and continues when an answer arrives (`crewkit answer`, the API,
	 * the dashboard) and the run is resumed.
	 */
	answer?: HumanAnswerer;
}

/** The run stopped to wait for a person; `crewkit answer <run>` continues it. */
export class WaitingForHumanError extends CrewkitError {
	readonly runId: string;
	readonly question: HumanQuestion;

	constructor(runId: string, question: HumanQuestion) {
		super(
			`Run ${runId} is waiting for an answer to: ${question.prompt}. Answer with: crewkit answer ${runId} <answer>`,
		);
		this.runId = runId;
		this.question = question;
	}
}

/** Where a run's questions go: answered from its history, a person at hand, or by waiting. */
export interface HumanChannel {
	/**
	 * The answer to `question`: the stored one when the run has it (a resumed run), the
	 * default when its deadline has passed, else asked now or waited for.
	 * @throws WaitingForHumanError when nobody can answer in this process.
	 */
	ask(question: Omit<HumanQuestion, "deadline">, timeoutMs?: number): Promise<unknown>;
	/** The answer under review that a stored `feedback` question showed (resumed runs). */
	storedDraft(key: string): string | undefined;
}

export function createHumanChannel(options: {
	runId: string;
	emit: (event: CrewEvent) => void;
	history: HumanHistory;
	answer?: HumanAnswerer | undefined;
	now?: () => number;
}): HumanChannel {
	const { runId, emit, history } = options;
	const now = options.now ?? Date.now;
	const record = (key: string, answer: unknown, by: "person" | "timeout") => {
		history.answers.set(key, { answer, by });
		emit({ type: "human-answer", runId, key, answer, by, at: now() });
		return answer;
	};
	return {
		async ask(input, timeoutMs) {
			const stored = history.answers.get(input.key);
			if (stored) return stored.answer;
			const previous = history.asks.get(input.key);
			const deadline =
				previous?.deadline ?? (timeoutMs === undefined ? undefined : now() + timeoutMs);
			const question: HumanQuestion = { ...input, ...(deadline ? { deadline } : {}) };
			if (deadline !== undefined && now() >= deadline && question.hasDefault) {
				return record(question.key, question.default, "timeout");
			}
			if (!previous) {
				history.asks.set(question.key, question);
				emit({ type: "human-ask", runId, question, at: now() });
			}
			if (!options.answer) throw new WaitingForHumanError(runId, question);
			const answered = await answerBefore(options.answer(question), deadline, now);
			if (answered.timedOut) return record(question.key, question.default, "timeout");
			return record(question.key, parseHumanAnswer(question, answered.value), "person");
		},
		storedDraft(key) {
			return history.asks.get(key)?.draft;
		},
	};
}

/** The answer, or `timedOut` when the deadline comes first. */
async function answerBefore(
	answer: Promise<unknown>,
	deadline: number | undefined,
	now: () => number,
): Promise<{ timedOut: false; value: unknown } | { timedOut: true }> {
	if (deadline === undefined) return { timedOut: false, value: await answer };
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<{ timedOut: true }>((resolve) => {
		timer = setTimeout(() => resolve({ timedOut: true }), Math.max(0, deadline - now()));
	});
	try {
		return await Promise.race([
			answer.then((value) => ({ timedOut: false as const, value })),
			timeout,
		]);
	} finally {
		clearTimeout(timer);
	}
}
