import assert from "node:assert/strict";
import { test } from "node:test";
import {
	type GroundingFacts,
	ungroundedAdvice,
	ungroundedNotice,
	ungroundedReason,
} from "./ungrounded-reason.ts";

const grounded: GroundingFacts = {
	searchedWeb: true,
	searchedSources: false,
	passages: 12,
	sections: 5,
	sectionsCited: 5,
	citedSentences: 9,
	removed: 0,
};

test("without passages, the reason says which sources were tried", () => {
	const none = { ...grounded, passages: 0 };
	assert.equal(
		ungroundedReason({ ...none, searchedSources: true }),
		"neither the web nor --sources gave a passage on the topic",
	);
	assert.equal(
		ungroundedReason({ ...none, searchedWeb: false, searchedSources: true }),
		"--sources was given, but no passage in it matched the topic (and the web was not searched)",
	);
	assert.equal(
		ungroundedReason(none),
		"the web gave no passage on the topic (no network access, or the search found nothing), and no --sources was given",
	);
	assert.equal(
		ungroundedReason({ ...none, searchedWeb: false }),
		"no network access and no --sources, so no sources could be gathered",
	);
});

test("with passages, the reason counts removed sentences and uncited sections, or there is none", () => {
	assert.equal(ungroundedReason(grounded), undefined);
	assert.equal(
		ungroundedReason({ ...grounded, removed: 3 }),
		"verification removed 3 of 12 cited sentences as unsupported",
	);
	assert.equal(
		ungroundedReason({ ...grounded, sectionsCited: 4 }),
		"1 of 5 sections cite no source",
	);
	assert.equal(
		ungroundedReason({ ...grounded, removed: 1, sectionsCited: 3 }),
		"verification removed 1 of 10 cited sentences as unsupported; 2 of 5 sections cite no source",
	);
});

test("the advice fits the case, and the notice says nothing is checked", () => {
	assert.equal(
		ungroundedAdvice({ passages: 1, searchedSources: true }),
		"Read the report's unsupported parts, or give more relevant --sources.",
	);
	assert.equal(
		ungroundedAdvice({ passages: 0, searchedSources: true }),
		"Check that the documents in --sources are about the topic, or allow web access.",
	);
	assert.equal(
		ungroundedAdvice({ passages: 0, searchedSources: false }),
		"Add --sources DIR with documents on the topic, or allow web access.",
	);
	assert.equal(
		ungroundedNotice("no sources"),
		"Ungrounded report: no sources; what follows comes from the model's memory alone and none of it is checked.",
	);
});
