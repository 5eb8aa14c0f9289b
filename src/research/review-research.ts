import type { TaskReview } from "../crew/kickoff-options.ts";
import { describeOutlineEdit, type OutlineDraft, type OutlineEdit } from "../human/outline-edit.ts";
import type { Development } from "./research-prompts.ts";
import { isResearchSnapshot, type ResearchSnapshot } from "./research-snapshot.ts";

/** A research snapshot a person has reviewed: the edit is kept with it. */
export type ReviewedSnapshot = ResearchSnapshot & { review: OutlineEdit };

/**
 * `--review`: before any section is written, a person sees the developments of the outline
 * with their sources, and may drop, reorder, rename or add developments and leave sources
 * out; writing continues from the edited outline, which the run store keeps.
 */
export const reviewResearch: TaskReview = async (output, ask) => {
	const snapshot = output.value;
	if (!isResearchSnapshot(snapshot) || "review" in snapshot) return undefined;
	const draft: OutlineDraft = {
		items: snapshot.developments.map((development) => ({
			title: development.title,
			sources: development.sources,
		})),
		sources: snapshot.sources.map((source) => ({ id: source.id, title: source.title })),
	};
	const edit = (await ask({
		key: "review:research_task",
		type: "outline",
		prompt: "Review the outline before the report is written",
		outline: draft,
		task: output.task,
		hasDefault: false,
	})) as OutlineEdit;
	const value = applyOutlineEdit(snapshot, edit);
	return { text: `Outline after review:\n${describeOutlineEdit(edit, draft)}`, value };
};

/**
 * The snapshot with the edit applied: the developments in the edit's order under its
 * titles; a new one is backed by every source kept; left-out sources and their passages
 * are gone, so no section can cite them.
 */
export function applyOutlineEdit(snapshot: ResearchSnapshot, edit: OutlineEdit): ReviewedSnapshot {
	const excluded = new Set(edit.excludeSources);
	const kept = snapshot.sources.filter((source) => !excluded.has(source.id));
	const developments = edit.items.map((item): Development => {
		const original = item.from ? snapshot.developments[item.from - 1] : undefined;
		if (original) {
			return {
				...original,
				title: item.title,
				sources: original.sources.filter((id) => !excluded.has(id)),
			};
		}
		return {
			title: item.title,
			summary: `${item.title}: a development the reviewer added; write it from the sources gathered.`,
			sources: kept.map((source) => source.id),
		};
	});
	return {
		developments,
		sources: kept,
		passages: snapshot.passages.filter((passage) => !excluded.has(passage.sourceId)),
		review: edit,
	};
}
