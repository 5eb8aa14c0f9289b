import type { Passage, Source, SourceRegistry } from "../sources/source-registry.ts";
import type { Development } from "./research-prompts.ts";

/**
 * What the research task hands on (its output's value, kept in the run store): the outline
 * and every source and passage read, so later tasks — or a resumed run — cite from it.
 */
export interface ResearchSnapshot {
	developments: Development[];
	sources: Source[];
	passages: Passage[];
}

export function snapshotOf(
	developments: Development[],
	registry: SourceRegistry,
): ResearchSnapshot {
	return { developments, sources: [...registry.sources()], passages: [...registry.passages()] };
}

export function isResearchSnapshot(value: unknown): value is ResearchSnapshot {
	const candidate = value as Partial<ResearchSnapshot> | undefined;
	return (
		Array.isArray(candidate?.developments) &&
		Array.isArray(candidate.sources) &&
		Array.isArray(candidate.passages)
	);
}

/** The passages of a source, joined, as the verifier and the analyst read them. */
export function passagesOf(
	snapshot: Pick<ResearchSnapshot, "passages">,
	sourceId: number,
): string[] {
	return snapshot.passages
		.filter((passage) => passage.sourceId === sourceId)
		.map((passage) => passage.text);
}
