import type { TaskRunHelpers } from "../crew/task.ts";
import { supportScore } from "../report/support-score.ts";
import type { SourceRegistry } from "../sources/source-registry.ts";
import {
	type Development,
	outlineSchema,
	researchExpectedOutput,
	researchPrompt,
} from "./research-prompts.ts";
import { type ResearchSnapshot, snapshotOf } from "./research-snapshot.ts";

/** Lowest relevance at which a passage is attached to a development that named no source. */
const attachThreshold = 0.3;

/**
 * The researcher's task: search and read with the source tools, then answer with the
 * outline as JSON. Source ids the registry does not know are dropped; a development that
 * names none gets the passages most relevant to it, if any are relevant enough. The value
 * handed on is the outline with every source and passage read.
 */
export function runResearch(options: {
	count: number;
	registry: SourceRegistry;
	toolNames: readonly string[];
}) {
	return async (helpers: TaskRunHelpers): Promise<{ text: string; value: ResearchSnapshot }> => {
		const year = String(helpers.inputs.current_year ?? new Date().getFullYear());
		const answer = await helpers.ask({
			description: researchPrompt({
				description: helpers.prompt.description,
				count: options.count,
				year,
				tools: options.toolNames,
			}),
			expectedOutput: researchExpectedOutput(options.count),
			outputSchema: outlineSchema(options.count),
		});
		const { developments } = answer.value as { developments: Development[] };
		return researchOutput(developments, options.registry);
	};
}

/**
 * The research task's output, whichever strategy outlined it: the developments with sources
 * the registry knows (the snapshot), and the numbered outline as text.
 */
export function researchOutput(
	developments: readonly Development[],
	registry: SourceRegistry,
): { text: string; value: ResearchSnapshot } {
	const grounded = developments.map((development) => withKnownSources(development, registry));
	const text = grounded
		.map(
			(item, index) =>
				`${index + 1}. ${item.title}${item.sources.length ? ` [${item.sources.join(", ")}]` : ""}\n   ${item.summary}`,
		)
		.join("\n");
	return { text, value: snapshotOf(grounded, registry) };
}

export function withKnownSources(development: Development, registry: SourceRegistry): Development {
	const known = development.sources.filter((id) => registry.passages(id).length > 0);
	if (known.length) return { ...development, sources: [...new Set(known)] };
	const claim = `${development.title}. ${development.summary}`;
	const ranked = registry
		.sources()
		.map((source) => ({
			id: source.id,
			score: supportScore(
				claim,
				registry.passages(source.id).map((p) => p.text),
			),
		}))
		.filter((candidate) => candidate.score >= attachThreshold)
		.sort((a, b) => b.score - a.score)
		.slice(0, 2);
	return { ...development, sources: ranked.map((candidate) => candidate.id) };
}
