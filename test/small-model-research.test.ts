import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import {
	skipWithoutStoriesModel,
	storiesModelPath,
} from "../src/models/embedded/stories-fixture.ts";
import { checkReport } from "../src/report/check-report.ts";
import { assertCallsFitTheirWindow } from "./support/budget-checks.ts";
import { largeCorpus } from "./support/large-corpus.ts";
import { runCli } from "./support/run-cli.ts";

/** A workspace with eight documents of over 50,000 characters each in docs/. */
async function largeCorpusWorkspace() {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-small-model-"));
	const corpus = largeCorpus({ count: 8, characters: 50_000 });
	for (const [path, text] of Object.entries(corpus)) {
		assert.ok(text.length >= 50_000);
		await mkdir(dirname(join(cwd, path)), { recursive: true });
		await writeFile(join(cwd, path), text);
	}
	return cwd;
}

for (const contextSize of [1024, 2048]) {
	test(`on the real engine with a ${contextSize}-token context, the whole research crew reads large sources and writes a report, every call within the window`, {
		skip: skipWithoutStoriesModel,
		timeout: 600_000,
	}, async () => {
		const cwd = await largeCorpusWorkspace();
		const result = await runCli(
			[
				"run",
				"--topic",
				"AI LLMs",
				"--sources",
				"docs",
				"--no-web",
				"--model",
				`local:${storiesModelPath}`,
				"--threads",
				"1",
				"--context",
				String(contextSize),
				"--allow-ungrounded",
				"--json",
				"--store",
				".crewkit/runs.db",
			],
			{ cwd },
		);
		assert.equal(result.code, 0, result.stderr);
		const summary = JSON.parse(result.stdout);
		// stories260K writes children's stories, not research: the report must say so.
		assert.equal(summary.grounding.grounded, false);

		const report = await readFile(join(cwd, "report.md"), "utf8");
		const check = checkReport(report, { sections: 10 });
		assert.equal(check.sections.length, 10, JSON.stringify(check.problems));
		assert.match(report, /^> (Not fully grounded|Ungrounded report)/m, "flagged ungrounded");
		assert.match(
			report,
			/^## Sources\n\n[\s\S]*docs\/0\d-notes\.md/m,
			"a Sources list of what was read",
		);

		const calls = assertCallsFitTheirWindow(
			join(cwd, ".crewkit", "runs.db"),
			summary.runId,
			contextSize,
		);
		// Prompts share their prefix with the previous call: some tokens come from the cache.
		assert.ok(calls.some((call) => (call.usage.cachedInputTokens ?? 0) > 0));
	});
}
