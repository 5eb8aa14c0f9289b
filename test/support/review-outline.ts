/** The research crew's --review in tests: a person's edit of the outline and what it leads to. */
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { developments, researchCorpus, researchReplies } from "./research-script.ts";

/** The person's edit, one command a line, and the sections it leads to, in order. */
export const commands = [
	"drop 2",
	"move 2 1",
	"rename 1 Thinking longer",
	"drop 8",
	"add Open questions",
	"exclude 5",
	"done",
];
const byKey = (key: string) =>
	developments.find((item) => item.key === key) as (typeof developments)[number];
export const expected = [
	{ title: "Thinking longer", fact: byKey("reasoning").fact, source: 3 },
	...[
		"openweights",
		"toolcalling",
		"inference",
		"contextwindows",
		"multimodal",
		"evaluation",
		"retrieval",
	].map((key) => ({
		title: byKey(key).title,
		fact: byKey(key).fact,
		source: developments.indexOf(byKey(key)) + 1,
	})),
	{ title: "Open questions", fact: byKey("openweights").fact, source: 1 },
];

/** The research script with sections answered by title, whatever their number. */
export function reviewScript(): string {
	const replies = researchReplies({ grounded: true });
	// The framing's prompt lists every section title: its reply comes first.
	const framing = replies.filter((reply) => reply.match === "Frame a report");
	const research = replies.filter(
		(reply) =>
			!reply.match.startsWith("Write section") &&
			reply.match !== "Frame a report" &&
			reply.match !== "900 billion",
	);
	const sections = expected.map((section) => ({
		match: `: "${section.title}".`,
		// The section whose source was left out has no passages: it cites nothing.
		text:
			section.source === 5
				? "Prices per token kept falling."
				: `${section.fact.replace(/\.$/, "")} [${section.source}].`,
	}));
	return JSON.stringify({ replies: [...framing, ...research, ...sections] });
}

/** Writes the research corpus and the review script (script.json) into `cwd`. */
export async function writeReviewWorkspace(cwd: string): Promise<void> {
	for (const [path, text] of Object.entries(researchCorpus())) {
		await mkdir(dirname(join(cwd, path)), { recursive: true });
		await writeFile(join(cwd, path), text);
	}
	await writeFile(join(cwd, "script.json"), reviewScript());
}

/** Checks that the report at `path` has the sections of the edit, in order, without source 5. */
export async function checkReviewedReport(path: string): Promise<string> {
	const report = await readFile(path, "utf8");
	const headings = [...report.matchAll(/^## (\d+)\. (.+)$/gm)].map(
		(match) => `${match[1]}. ${match[2]}`,
	);
	assert.deepEqual(
		headings.filter((heading) => !heading.includes("Sources")),
		expected.map((section, index) => `${index + 1}. ${section.title}`),
	);
	assert.doesNotMatch(report, /05-inference/, "the left-out source is not listed");
	return report;
}
