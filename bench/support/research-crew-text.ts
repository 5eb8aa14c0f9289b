/**
 * The crew every framework runs in the overhead, prompt and concurrency benchmarks:
 * CrewAI's default crew (researcher → reporting analyst, the researcher's answer passed as
 * context, no tools), in the words of `shared/fixtures/crewai-template`, with the topic
 * filled in. Every framework receives exactly this text; what else reaches the model is
 * what the framework adds.
 */

/** The kickoff inputs. */
export const crewInputs = { topic: "AI LLMs", current_year: "2026" } as const;

/** Fills `{topic}` and `{current_year}`, for frameworks without placeholders of their own. */
export function fill(template: string, inputs: Record<string, string> = crewInputs): string {
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => inputs[name] ?? whole);
}

/** The two agents, with `{placeholders}` as in the YAML. */
export const agentTemplates = {
	researcher: {
		role: "{topic} Senior Data Researcher",
		goal: "Uncover cutting-edge developments in {topic}",
		backstory:
			"You're a seasoned researcher with a knack for uncovering the latest developments in {topic}. Known for your ability to find the most relevant information and present it in a clear and concise manner.",
	},
	analyst: {
		role: "{topic} Reporting Analyst",
		goal: "Create detailed reports based on {topic} data analysis and research findings",
		backstory:
			"You're a meticulous analyst with a keen eye for detail. You're known for your ability to turn complex data into clear and concise reports, making it easy for others to understand and act on the information you provide.",
	},
} as const;

/** The two tasks, with `{placeholders}` as in the YAML. */
export const taskTemplates = {
	research: {
		description:
			"Conduct a thorough research about {topic} Make sure you find any interesting and relevant information given the current year is {current_year}.",
		expectedOutput: "A list with 10 bullet points of the most relevant information about {topic}",
	},
	report: {
		description:
			"Review the context you got and expand each topic into a full section for a report. Make sure the report is detailed and contains any and all relevant information.",
		expectedOutput:
			"A fully fledged report with the main topics, each with a full section of information. Formatted as markdown without '```'",
	},
} as const;

/** The fake model's answers: fixed text, the same for every framework. */
export const replies = {
	research: [
		"- Open-weight models rival closed ones on reasoning benchmarks.",
		"- Mixture-of-experts architectures cut inference cost.",
		"- Context windows reach millions of tokens.",
		"- Small models run on laptops and phones.",
		"- Tool use and agents move into production.",
		"- Retrieval grounding reduces hallucinations.",
		"- Multimodal input becomes standard.",
		"- Evaluation shifts to task-based benchmarks.",
		"- Regulation sets transparency duties.",
		"- Training efficiency improves with synthetic data.",
	].join("\n"),
	report:
		"# AI LLMs in 2026\n\n## Open-weight models\nOpen-weight models now rival closed ones.\n\n## Efficiency\nMixture-of-experts and small models cut cost.\n\n## Conclusion\nThe field moves fast.",
} as const;

/** Which reply a prompt asks for: the analyst's prompt carries the research as context. */
export function replyFor(promptText: string): string {
	return promptText.includes(taskTemplates.report.description) ? replies.report : replies.research;
}

/** The filled-in text of the crew: what the user wrote, per model call. */
export const filled = {
	researcher: {
		role: fill(agentTemplates.researcher.role),
		goal: fill(agentTemplates.researcher.goal),
		backstory: fill(agentTemplates.researcher.backstory),
	},
	analyst: {
		role: fill(agentTemplates.analyst.role),
		goal: fill(agentTemplates.analyst.goal),
		backstory: fill(agentTemplates.analyst.backstory),
	},
	research: {
		description: fill(taskTemplates.research.description),
		expectedOutput: fill(taskTemplates.research.expectedOutput),
	},
	report: {
		description: fill(taskTemplates.report.description),
		expectedOutput: fill(taskTemplates.report.expectedOutput),
	},
} as const;

/**
 * The user's own text in each of the two model calls: the agent's persona, the task, and
 * (second call) the first task's answer as context.
 */
export const userTextPerCall: readonly (readonly string[])[] = [
	[
		filled.researcher.role,
		filled.researcher.goal,
		filled.researcher.backstory,
		filled.research.description,
		filled.research.expectedOutput,
	],
	[
		filled.analyst.role,
		filled.analyst.goal,
		filled.analyst.backstory,
		filled.report.description,
		filled.report.expectedOutput,
		replies.research,
	],
];

/** A persona and a task, as a user writes them into a prompt by hand. */
export interface PlainPrompt {
	system: string;
	user: string;
}

/**
 * The prompt of one task when the framework adds nothing and the user writes it: the
 * persona as the system message, the task and its context as the user message, joined by
 * line breaks only. Used for the floor, the AI SDK, LangGraph, OpenAI Agents and Mastra.
 */
export function plainPrompt(
	agent: { role: string; goal: string; backstory: string },
	task: { description: string; expectedOutput: string },
	context?: string,
): PlainPrompt {
	const user = [task.description, task.expectedOutput];
	if (context !== undefined) user.push(context);
	return {
		system: [agent.role, agent.goal, agent.backstory].join("\n"),
		user: user.join("\n\n"),
	};
}

/** The two prompts of the crew for a topic, when the user writes them (see `plainPrompt`). */
export function plainPrompts(inputs: Record<string, string>) {
	const text = (template: string) => fill(template, inputs);
	const persona = (agent: { role: string; goal: string; backstory: string }) => ({
		role: text(agent.role),
		goal: text(agent.goal),
		backstory: text(agent.backstory),
	});
	const task = (spec: { description: string; expectedOutput: string }) => ({
		description: text(spec.description),
		expectedOutput: text(spec.expectedOutput),
	});
	return {
		research: () => plainPrompt(persona(agentTemplates.researcher), task(taskTemplates.research)),
		report: (research: string) =>
			plainPrompt(persona(agentTemplates.analyst), task(taskTemplates.report), research),
	};
}
