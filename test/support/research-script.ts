/** Replies of a scripted research crew run: a researcher's list, then the analyst's report. */

export const developments = [
	"Open-weight models close the gap",
	"Small models on laptops and phones",
	"Reasoning by longer thinking",
	"Agents that call tools",
	"Cheaper inference per token",
	"Longer context windows",
	"Multimodal input and output",
	"Evaluation beyond benchmarks",
	"Rules for model providers",
	"Retrieval for grounded answers",
];

export function researchList(): string {
	return developments
		.map(
			(title, index) => `${index + 1}. ${title}\n   What changed this year and who is behind it.`,
		)
		.join("\n");
}

export function reportText(options: { sections?: number; title?: string } = {}): string {
	const count = options.sections ?? 10;
	const sections = developments
		.slice(0, count)
		.map(
			(title, index) =>
				`## ${index + 1}. ${title}\n\n${title} is one of the developments of the year. It matters to practitioners because it changes what they can build.`,
		);
	return [
		`# ${options.title ?? "AI LLMs in 2026: ten developments"}`,
		"This report covers ten developments in AI LLMs this year.",
		...sections,
		"Together these developments make models cheaper, more capable and easier to check.",
	].join("\n\n");
}

/** A script file's content for `--model scripted:<file>`: list, then report. */
export function researchScript(options: { report?: string; latencyMs?: number } = {}): string {
	return JSON.stringify({
		replies: [researchList(), options.report ?? reportText()],
		...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
	});
}
