import type { CrewEvent } from "../events.ts";
import type { HumanQuestion } from "./human-question.ts";

/** The questions a run has asked and the answers it has received, by question key. */
export interface HumanHistory {
	asks: Map<string, HumanQuestion>;
	answers: Map<string, { answer: unknown; by: "person" | "timeout" }>;
}

/** The questions and answers among a run's events (the first ask of a key is kept). */
export function humanHistory(events: Iterable<CrewEvent>): HumanHistory {
	const history: HumanHistory = { asks: new Map(), answers: new Map() };
	for (const event of events) {
		if (event.type === "human-ask" && !history.asks.has(event.question.key)) {
			history.asks.set(event.question.key, event.question);
		} else if (event.type === "human-answer") {
			history.answers.set(event.key, { answer: event.answer, by: event.by });
		}
	}
	return history;
}

/** The questions of a run still waiting for an answer, in the order they were asked. */
export function pendingQuestions(events: Iterable<CrewEvent>): HumanQuestion[] {
	const { asks, answers } = humanHistory(events);
	return [...asks.values()].filter((question) => !answers.has(question.key));
}
