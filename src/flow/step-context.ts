import type { TaskOutput } from "../crew/task.ts";
import type { CrewEvent } from "../events.ts";
import type { HumanChannel } from "../human/human-channel.ts";
import type { AskHumanOptions } from "../human/human-question.ts";
import { scopedChannel } from "../human/scoped-channel.ts";
import { checkAnswer, toHumanQuestion } from "./ask-human-question.ts";
import type { FlowRunOptions } from "./flow-run-options.ts";
import type { StepContext } from "./flow-step.ts";

/** The context one run of a step gets: state, outputs, crews that record into the flow's run, askHuman. */
export function createStepContext(options: {
	state: unknown;
	inputs: Record<string, unknown>;
	runId: string;
	step: string;
	occurrence: number;
	trigger: { step: string; output: unknown } | undefined;
	outputs: ReadonlyMap<string, unknown>;
	signal: AbortSignal;
	human: HumanChannel;
	/** Records a crew's event as part of the flow's run. */
	forward: (event: CrewEvent) => void;
	/** Tasks that ended in an earlier attempt of this step run, by crew scope (resume). */
	restoredTasks?: ReadonlyMap<string, readonly TaskOutput[]> | undefined;
	/** The run the restored tasks come from. */
	fromRun?: string | undefined;
	flowOptions: FlowRunOptions;
}): StepContext<never> {
	const { runId, step, occurrence, flowOptions } = options;
	let asked = 0;
	let crews = 0;
	const askHuman = async (question: AskHumanOptions) => {
		asked += 1;
		const stored = toHumanQuestion(question, { key: `${step}#${occurrence}/${asked}`, step });
		const answer = await options.human.ask(stored, question.timeoutMs);
		return checkAnswer(question, answer);
	};
	return {
		state: options.state as never,
		inputs: options.inputs,
		runId,
		step,
		occurrence,
		trigger: options.trigger,
		output: (name) => options.outputs.get(name),
		signal: options.signal,
		askHuman: askHuman as StepContext<never>["askHuman"],
		kickoff(crew, kickoff = {}) {
			// The crew's place in the flow's run: its tasks and questions are found by it on resume.
			crews += 1;
			const scope = `${step}#${occurrence}/${crews}`;
			const restored = options.restoredTasks?.get(scope);
			return crew.kickoff({
				humanChannel: scopedChannel(options.human, scope, step),
				...(restored?.length
					? { restore: { fromRun: options.fromRun ?? runId, tasks: restored } }
					: {}),
				...(kickoff.inputs ? { inputs: kickoff.inputs } : {}),
				...((kickoff.model ?? flowOptions.model)
					? { model: kickoff.model ?? flowOptions.model }
					: {}),
				signal: options.signal,
				...(flowOptions.wrapModel ? { wrapModel: flowOptions.wrapModel } : {}),
				...(flowOptions.modelOptions ? { modelOptions: flowOptions.modelOptions } : {}),
				...(flowOptions.reliability ? { reliability: flowOptions.reliability } : {}),
				// The crew's own run-start and run-end stay inside the step: the flow's run goes on.
				onEvent: (event) => {
					if (event.type === "run-start" || event.type === "run-end") return;
					options.forward(
						event.type === "task-end"
							? { ...event, runId, scope }
							: ({ ...event, runId } as CrewEvent),
					);
				},
			});
		},
	};
}
