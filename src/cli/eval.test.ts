// Tests of the `crewkit eval` command (src/cli/eval.ts), kept here with the evaluation's
// fixtures; they belong beside the command as src/cli/eval.test.ts.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import {
	changedNumbersReport,
	goodReport,
	noteFiles,
} from "../../test/support/evaluation-fixtures.ts";
import { skipWhenMissing } from "../../test/support/skip-when-missing.ts";
import { ConfigError } from "../errors.ts";
import { ParserLimitError } from "../parsers/parser-limits.ts";
import { command } from "./eval.ts";
import type { CliIo } from "./io.ts";

const referenceDir = fileURLToPath(
	new URL("../../../shared/fixtures/reference-reports/", import.meta.url),
);
const noReferences = skipWhenMissing(
	existsSync(referenceDir),
	`the reference reports are absent (${referenceDir}): this clone has no ../shared`,
);

/** A working folder with the fixture reports and their notes under `docs/notes/`. */
async function workspace(): Promise<string> {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-eval-cli-"));
	await writeFile(join(cwd, "good.md"), goodReport);
	await writeFile(join(cwd, "changed.md"), changedNumbersReport);
	for (const [path, content] of noteFiles) {
		await mkdir(dirname(join(cwd, "docs", path)), { recursive: true });
		await writeFile(join(cwd, "docs", path), content);
	}
	return cwd;
}

async function runEval(args: string[], cwd: string): Promise<{ code: number; out: string }> {
	let out = "";
	const io: CliIo = {
		out: (text) => {
			out += text;
		},
		err: (text) => {
			out += text;
		},
		interactive: false,
		cwd,
		env: {},
	};
	const code = await command.run(args, io);
	return { code, out };
}

test("prints a table of the figures and exits 0", async () => {
	const cwd = await workspace();
	const { code, out } = await runEval(["good.md", "--sources", "docs"], cwd);
	assert.equal(code, 0);
	assert.match(out, /^good\.md\n/);
	assert.match(out, /\n {2}structure {3}ok, 10 numbered sections\n/);
	assert.match(out, /\n {2}sections {4}10\/10 cite a listed source \(100%\)\n/);
	assert.match(out, /\n {2}validity {4}1\.00; unresolved: none; uncited: none\n/);
	assert.match(out, /\n {2}support {5}20\/20 cited sentences supported \(100%\)\n/);
	assert.match(out, /\nSummary: structure ok/);
	assert.doesNotMatch(out, /Unsupported sentences/);
});

test("a poor report is measured, listed, and still exits 0", async () => {
	const cwd = await workspace();
	const { code, out } = await runEval(
		["changed.md", "--sources", "docs", "--reference", "good.md"],
		cwd,
	);
	assert.equal(code, 0);
	assert.match(out, /support {5}0\/20 cited sentences supported \(0%\)/);
	assert.match(
		out,
		/Unsupported sentences:\n {2}0\.\d\d {2}India's utility-scale solar capacity reached 95 GW/,
	);
	assert.match(out, /… and 15 more \(--json lists them all\)/);
	assert.match(out, /coverage {4}100% of good\.md's topics \(10\/10\)/);
});

test("without --sources support is not measured; --json prints the evaluation", async () => {
	const cwd = await workspace();
	const table = await runEval(["good.md"], cwd);
	assert.match(table.out, /support {5}not measured: give --sources DIR/);
	const { code, out } = await runEval(["good.md", "--json", "--sources", "docs"], cwd);
	assert.equal(code, 0);
	const json = JSON.parse(out);
	assert.equal(json.file, "good.md");
	assert.equal(json.citations.validity, 1);
	assert.equal(json.support.rate, 1);
	assert.deepEqual(json.sourcesNotRead, []);
	assert.equal(typeof json.summary, "string");
});

test("sources that cannot be read are listed", async () => {
	const cwd = await workspace();
	await writeFile(
		join(cwd, "web.md"),
		`${goodReport.replace("notes/topic-2.md:lines 1–3", "https://example.com/batteries")}`,
	);
	const { out } = await runEval(["web.md", "--sources", "docs"], cwd);
	assert.match(out, /Sources not read:\n {2}\[2\] https:\/\/example\.com\/batteries: a web page/);
	assert.match(out, /2 unchecked \(no passage\)/);
});

test("unreadable files and a missing sources folder are configuration errors", async () => {
	const cwd = await workspace();
	await assert.rejects(runEval(["absent.md"], cwd), (error: unknown) => {
		assert.ok(error instanceof ConfigError);
		assert.match(error.message, /Cannot read 'absent\.md'/);
		return true;
	});
	await assert.rejects(runEval(["good.md", "--reference", "absent.md"], cwd), ConfigError);
	await assert.rejects(runEval(["good.md", "--sources", "nowhere"], cwd), /is not a folder/);
	await assert.rejects(runEval([], cwd), /eval takes one report file/);
	await assert.rejects(runEval(["good.md", "--sections", "0"], cwd), ConfigError);
});

test("a report or reference over the size limit is a limit error naming the file, before any reading", async () => {
	const cwd = await workspace();
	await writeFile(join(cwd, "huge.md"), `# Huge\n\n${"word ".repeat(500_000)}`);
	const overLimit = (pattern: RegExp) => (error: unknown) => {
		assert.ok(error instanceof ParserLimitError, String(error));
		assert.equal(error.reason, "too-large");
		assert.match(error.message, pattern);
		return true;
	};
	await assert.rejects(
		runEval(["huge.md", "--sources", "docs"], cwd),
		overLimit(
			/^'huge\.md' is too long to evaluate \(2,500,008 characters, over the limit of 2,000,000\)$/,
		),
	);
	await assert.rejects(
		runEval(["good.md", "--reference", "huge.md"], cwd),
		overLimit(/^'good\.md' has a reference report too long to evaluate/),
	);
});

test("the reference reports: no citations, coverage of one another", {
	skip: noReferences,
}, async () => {
	const { code, out } = await runEval(
		["report-a.md", "--reference", "report-b.md", "--sources", "."],
		referenceDir,
	);
	assert.equal(code, 0);
	assert.match(out, /citations {3}0 citing 0 source\(s\); 0 listed under Sources/);
	assert.match(out, /support {5}0\/0 cited sentences supported \(0%\)/);
	assert.match(out, /coverage {4}\d+% of report-b\.md's topics/);
});
