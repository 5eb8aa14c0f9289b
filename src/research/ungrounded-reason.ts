/** What the verification step knows about how a report came to be (or not be) grounded. */
export interface GroundingFacts {
	/** The researcher could search and read the web. */
	searchedWeb: boolean;
	/** The researcher could search local documents (`--sources`). */
	searchedSources: boolean;
	/** Passages gathered from any source. */
	passages: number;
	sections: number;
	sectionsCited: number;
	/** Cited sentences kept after verification. */
	citedSentences: number;
	/** Cited sentences removed by verification as unsupported. */
	removed: number;
}

/**
 * Why a report is not fully grounded, in words a user can act on, or undefined when it is.
 * The three cases differ: nothing could be gathered (no network, no --sources), sources were
 * given but nothing in them matched, or verification removed too much.
 */
export function ungroundedReason(facts: GroundingFacts): string | undefined {
	if (facts.passages === 0) {
		if (facts.searchedSources && facts.searchedWeb)
			return "neither the web nor --sources gave a passage on the topic";
		if (facts.searchedSources)
			return "--sources was given, but no passage in it matched the topic (and the web was not searched)";
		if (facts.searchedWeb)
			return "the web gave no passage on the topic (no network access, or the search found nothing), and no --sources was given";
		return "no network access and no --sources, so no sources could be gathered";
	}
	const uncited = facts.sections - facts.sectionsCited;
	const parts: string[] = [];
	if (facts.removed > 0)
		parts.push(
			`verification removed ${facts.removed} of ${facts.removed + facts.citedSentences} cited sentences as unsupported`,
		);
	if (uncited > 0) parts.push(`${uncited} of ${facts.sections} sections cite no source`);
	return parts.length ? parts.join("; ") : undefined;
}

/** What the user can do about it. */
export function ungroundedAdvice(
	facts: Pick<GroundingFacts, "passages" | "searchedSources">,
): string {
	if (facts.passages > 0)
		return "Read the report's unsupported parts, or give more relevant --sources.";
	if (facts.searchedSources)
		return "Check that the documents in --sources are about the topic, or allow web access.";
	return "Add --sources DIR with documents on the topic, or allow web access.";
}

/** The banner at the top of a report written without any passage to cite. */
export const ungroundedNotice = (reason: string) =>
	`Ungrounded report: ${reason}; what follows comes from the model's memory alone and none of it is checked.`;
