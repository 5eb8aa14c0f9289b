/**
 * Scripts of research crew runs for the scripted model, and a small corpus of local
 * sources they cite. Every reply names the call it answers with `match`.
 */

export const developments = [
	{
		key: "openweights",
		title: "Open-weight models close the gap",
		fact: "Openweights models reached parity with closed models on the Meridian benchmark in March.",
	},
	{
		key: "ondevice",
		title: "Small models on laptops and phones",
		fact: "Ondevice models with three billion parameters now run at twenty tokens per second on phones.",
	},
	{
		key: "reasoning",
		title: "Reasoning by longer thinking",
		fact: "Reasoning models spend extra tokens thinking before they answer hard questions.",
	},
	{
		key: "toolcalling",
		title: "Agents that call tools",
		fact: "Toolcalling agents now book travel and file tickets through typed function calls.",
	},
	{
		key: "inference",
		title: "Cheaper inference per token",
		fact: "Inference prices per million tokens fell by half between January and October.",
	},
	{
		key: "contextwindows",
		title: "Longer context windows",
		fact: "Contextwindows of one million tokens became common in flagship models.",
	},
	{
		key: "multimodal",
		title: "Multimodal input and output",
		fact: "Multimodal models read charts and speak answers aloud in the same conversation.",
	},
	{
		key: "evaluation",
		title: "Evaluation beyond benchmarks",
		fact: "Evaluation teams moved from static benchmarks to audits of real user tasks.",
	},
	{
		key: "regulation",
		title: "Rules for model providers",
		fact: "Regulation in the European Union started to require model documentation in August.",
	},
	{
		key: "retrieval",
		title: "Retrieval for grounded answers",
		fact: "Retrieval pipelines cite the passages they use so readers can check each claim.",
	},
];

/** The corpus: one markdown file per development, so `search_sources` for its key finds it alone. */
export function researchCorpus(): Record<string, string> {
	return Object.fromEntries(
		developments.map((item, index) => [
			`docs/${String(index + 1).padStart(2, "0")}-${item.key}.md`,
			`# ${item.title}\n\n${item.fact} This note records it for the ${item.key} survey.\n`,
		]),
	);
}

/** The unsupported sentence a grounded script plants in section 2, for the verifier to remove. */
export const plantedSentence = "It was trained on 900 billion tokens by Zeta Labs [2].";

type Reply = {
	match: string;
	text?: string;
	toolCalls?: Array<{ toolName: string; input: unknown }>;
};

const outline = (grounded: boolean) =>
	JSON.stringify({
		developments: developments.map((item, index) => ({
			title: item.title,
			summary: `${item.fact} It matters this year.`,
			sources: grounded ? [index + 1] : [],
		})),
	});

const framing = JSON.stringify({
	title: "AI LLMs in 2026: ten developments",
	introduction: "This report covers ten developments in AI LLMs this year.",
	conclusion: "Together these developments make models cheaper, more capable and easier to check.",
});

/**
 * The replies of a research run. Grounded: the researcher proposes each development's key
 * as a search query (the pipeline strategy; the agent strategy searches with tool calls),
 * then outlines with their ids; each section cites its source, and
 * section 2 carries `plantedSentence`, which the verifier removes. Ungrounded: no tool calls
 * and no citations.
 */
export function researchReplies(options: {
	grounded: boolean;
	strategy?: "pipeline" | "agent";
}): Reply[] {
	const replies: Reply[] = [];
	if (options.strategy === "agent") {
		if (options.grounded) {
			replies.push({
				match: "Survey",
				toolCalls: developments.map((item) => ({
					toolName: "search_sources",
					input: { query: item.key, limit: 1 },
				})),
			});
		}
		replies.push({ match: "Survey", text: outline(options.grounded) });
	} else {
		// The pipeline: the model proposes queries (code searches each), then outlines.
		if (options.grounded) {
			replies.push({
				match: "search queries",
				text: JSON.stringify({ queries: developments.map((item) => item.key) }),
			});
		}
		replies.push({ match: "Pick 10 of the developments", text: outline(options.grounded) });
	}
	for (const [index, item] of developments.entries()) {
		const cite = options.grounded ? ` [${index + 1}]` : "";
		const extra = options.grounded && index === 1 ? ` ${plantedSentence}` : "";
		replies.push({
			match: `Write section ${index + 1} of 10`,
			text: `${item.fact.replace(/\.$/, "")}${cite}.${extra}`,
		});
	}
	replies.push({ match: "Frame a report", text: framing });
	if (options.grounded) replies.push({ match: "900 billion", text: "REMOVE" });
	return replies;
}

export function researchScript(options: {
	grounded: boolean;
	strategy?: "pipeline" | "agent";
	latencyMs?: number;
}): string {
	return JSON.stringify({
		replies: researchReplies(options),
		...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
	});
}

/** A plain two-task script (CrewAI's template crew): a list, then a report. */
export function templateScript(report = reportText()): string {
	return JSON.stringify({
		replies: [developments.map((item) => `- ${item.title}`).join("\n"), report],
	});
}

export function reportText(options: { sections?: number } = {}): string {
	const sections = developments
		.slice(0, options.sections ?? 10)
		.map((item, index) => `## ${index + 1}. ${item.title}\n\n${item.fact}`);
	return [
		"# AI LLMs in 2026: ten developments",
		"This report covers ten developments in AI LLMs this year.",
		...sections,
		"Together these developments make models cheaper, more capable and easier to check.",
	].join("\n\n");
}
