/**
 * The hostile-input corpus (./make-hostile-inputs.ts) through every parser and tool that
 * reads untrusted text: each input ends in a result or a clear error, never a hang, a
 * crash of the process, or script in what is shown.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { z } from "zod";
import { parseAnswer } from "../../src/agent/parse-answer.ts";
import { parseCrewYaml } from "../../src/config/load-crew-yaml.ts";
import { ConfigError } from "../../src/errors.ts";
import { exportReport } from "../../src/export/export-report.ts";
import { ParserLimitError } from "../../src/parsers/parser-limits.ts";
import { renderReport } from "../../src/server/render-report.ts";
import { renderReportInWorker } from "../../src/server/render-report-in-worker.ts";
import { openSourceIndex } from "../../src/sources/source-index.ts";
import { createFileTools } from "../../src/tools/files/file-tools.ts";
import { readPageContent } from "../../src/tools/web/page-content.ts";
import { FetchPageError } from "../../src/tools/web/web-errors.ts";
import { seedReportRun } from "../support/seed-report-run.ts";
import { type Harness, startHarness } from "../support/server-harness.ts";
import {
	htmlEntityBomb,
	htmlNestingBomb,
	htmlWithScripts,
	malformedJsonAnswers,
	markdownCitationRun,
	markdownEmphasisBomb,
	markdownEntityBomb,
	markdownHugeTable,
	markdownLinkBomb,
	markdownNesting,
	markdownWithScripts,
	notAPdf,
	pdfPageBomb,
	yamlAliasBomb,
	yamlNestingBomb,
} from "./make-hostile-inputs.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const page = (bytes: Uint8Array, kind: "html" | "pdf") => ({
	url: "https://hostile.example/page",
	bytes,
	truncated: false,
	kind,
	maxBytes: 5_000_000,
	limits: { maxTextChars: 50_000 },
});

describe("fetch_page's readers", () => {
	test("an HTML nesting bomb is a clear per-page error", async () => {
		await assert.rejects(
			readPageContent(page(encode(htmlNestingBomb()), "html")),
			(error: unknown) => {
				assert.ok(error instanceof FetchPageError);
				assert.equal(error.reason, "parser-limit");
				assert.match(error.message, /hostile\.example.*nested elements/);
				return true;
			},
		);
	});

	test("an entity bomb is read within the text limit, or refused as over a limit", async () => {
		try {
			const content = await readPageContent(page(encode(htmlEntityBomb(20_000)), "html"));
			assert.ok(content.markdown.length <= 50_000);
		} catch (error) {
			assert.ok(error instanceof FetchPageError && error.reason === "parser-limit", String(error));
		}
	});

	test("scripts, handlers and frames never reach the markdown", async () => {
		const content = await readPageContent(page(encode(htmlWithScripts), "html"));
		assert.match(content.markdown, /Text of the page/);
		assert.doesNotMatch(content.markdown, /pwned|alert|iframe|onerror/);
	});

	test("a PDF page bomb is read up to the limits; a fake PDF is refused", async () => {
		const content = await readPageContent(page(pdfPageBomb(2000, 40), "pdf"));
		assert.ok(content.markdown.length <= 50_000 + 2 * 2000);
		await assert.rejects(readPageContent(page(notAPdf, "pdf")), FetchPageError);
	});
});

describe("local sources", () => {
	let folder: string;
	before(async () => {
		folder = await mkdtemp(join(tmpdir(), "crewkit-hostile-sources-"));
		await writeFile(join(folder, "nested.html"), htmlNestingBomb());
		await writeFile(join(folder, "entities.html"), htmlEntityBomb(2_000));
		await writeFile(join(folder, "bomb.pdf"), pdfPageBomb(2000, 2));
		await writeFile(join(folder, "fake.pdf"), notAPdf);
		await writeFile(join(folder, "scripts.md"), markdownWithScripts);
		await writeFile(join(folder, "good.md"), "# Tides\n\nThe moon drives the tides.\n");
	});
	after(() => rm(folder, { recursive: true, force: true }));

	test("an ingest goes on past hostile files, each skipped with its reason", async () => {
		const index = openSourceIndex(":memory:");
		try {
			const result = await index.ingest(folder);
			const reasons = Object.fromEntries(
				result.skipped.map((skip) => [skip.path.slice(folder.length + 1), skip.reason]),
			);
			assert.match(reasons["nested.html"] ?? "", /nested elements/);
			assert.match(reasons["fake.pdf"] ?? "", /not a readable PDF/);
			assert.ok(result.added >= 2, `added ${result.added}`);
			assert.equal(index.search("moon tides").length > 0, true);
		} finally {
			index.close();
		}
	});
});

describe("crew YAML", () => {
	const tasks = {
		path: "tasks.yaml",
		text: "t:\n  description: d\n  expected_output: e\n  agent: a\n",
	};
	for (const [name, text] of [
		["an alias bomb", yamlAliasBomb()],
		["a nesting bomb", yamlNestingBomb()],
		["a huge file", `a: "${"x".repeat(2_000_000)}"\n`],
	] as const) {
		test(`${name} is a ConfigError naming the file`, () => {
			assert.throws(
				() => parseCrewYaml({ agents: { path: "agents.yaml", text }, tasks }),
				(error: unknown) => error instanceof ConfigError && /agents\.yaml/.test(error.message),
			);
		});
	}
});

describe("reports rendered for the dashboard and exports", () => {
	test("script, frames and javascript: links are removed; deep nesting renders as text", async () => {
		const html = renderReport(markdownWithScripts).html;
		assert.doesNotMatch(html, /<script|<iframe|onerror|href="javascript/i);
		const inWorker = await renderReportInWorker(markdownWithScripts, { label: "The report" });
		assert.equal(inWorker.html, html);
		const nested = await renderReportInWorker(markdownNesting(), { label: "The report" });
		assert.match(nested.html, /^<pre>/);
		assert.match(nested.renderError ?? "", /nested too deeply to render .*5000 levels/);
	});

	// Each bomb renders, or stops at a limit with the reason; meanwhile timers keep firing.
	// A short deadline keeps the test quick: what is asserted is the bounded outcome.
	const bombs = {
		"an emphasis run": markdownEmphasisBomb(),
		"unclosed images and links": markdownLinkBomb(),
		"a 2,000-column table": markdownHugeTable(),
		"an entity bomb": markdownEntityBomb(),
	};
	for (const [name, markdown] of Object.entries(bombs)) {
		test(`${name} renders within the limits or as plain text with the reason; the event loop stays live`, async () => {
			let ticks = 0;
			const ticker = setInterval(() => ticks++, 0);
			try {
				const rendering = renderReportInWorker(markdown, {
					label: "The report",
					limits: { deadlineMs: 1500 },
				});
				await new Promise((resolve) => setTimeout(resolve, 0));
				const rendered = await rendering;
				assert.ok(ticks >= 1, "timers ran while the report was rendered");
				assert.equal(rendered.title, "Report");
				if (rendered.renderError) {
					assert.match(
						rendered.renderError,
						/^The report (took longer than 1500 ms to render|is too long|is nested too deeply)/,
					);
					assert.match(rendered.html, /^<pre>/);
				}
				assert.doesNotMatch(rendered.html, /<script|<img|<iframe/);
			} finally {
				clearInterval(ticker);
			}
		});
	}

	test("an export of a report over a limit is a clear error naming the format", async () => {
		for (const format of ["html", "docx"] as const) {
			await assert.rejects(
				exportReport(markdownEmphasisBomb(), format, { limits: { deadlineMs: 200 } }),
				(error: unknown) => {
					assert.ok(error instanceof ParserLimitError);
					assert.equal(error.reason, "deadline");
					assert.match(
						error.message,
						new RegExp(`took longer than 200 ms to render .*not exported as ${format}`),
					);
					return true;
				},
			);
		}
	});
});

describe("reports evaluated for the dashboard", () => {
	const reports = {
		"script and frames": markdownWithScripts,
		"deep nesting": markdownNesting(),
		"an emphasis run": markdownEmphasisBomb(),
		"unclosed images and links": markdownLinkBomb(),
		"a 2,000-column table": markdownHugeTable(),
		"an entity bomb": markdownEntityBomb(),
		"a citation run": markdownCitationRun(),
		"a report over the size limit": `# Report\n\n${"word ".repeat(500_000)}`,
	};
	let harness: Harness;
	before(async () => {
		harness = await startHarness({ evaluationLimits: { deadlineMs: 1500 } });
		seedReportRun(harness.store, "run_plain", "# Plain\n\nA short report.");
	});
	after(() => harness.close());

	for (const [index, [name, markdown]] of Object.entries(reports).entries()) {
		test(`${name}: GET /evaluation gives figures or a 422 with the reason; the server goes on answering`, async () => {
			const runId = `run_hostile_${index}`;
			seedReportRun(harness.store, runId, markdown);
			let settled = false;
			const evaluation = harness.request(`/api/runs/${runId}/evaluation`).finally(() => {
				settled = true;
			});
			const plain = await harness.request("/api/runs/run_plain");
			assert.equal(plain.status, 200);
			const response = await evaluation;
			assert.ok(settled);
			const body = (await response.json()) as {
				summary?: string;
				error?: { code: string; message: string };
			};
			if (response.status === 200) {
				assert.equal(typeof body.summary, "string");
			} else {
				assert.equal(response.status, 422, JSON.stringify(body));
				assert.equal(body.error?.code, "report_over_limits");
				assert.match(
					body.error?.message ?? "",
					new RegExp(
						`^The report of run ${runId} (took longer than 1500 ms|is too long|needed more than|is nested too deeply) .*to evaluate`,
					),
				);
			}
		});
	}
});

describe("file tool arguments", () => {
	let root: string;
	before(async () => {
		root = await mkdtemp(join(tmpdir(), "crewkit-hostile-files-"));
		await mkdir(join(root, ".git"));
		execFileSync("mkfifo", [join(root, "fifo")]);
	});
	after(() => rm(root, { recursive: true, force: true }));

	const context = { signal: new AbortController().signal, task: "t", agent: "a" };
	for (const path of [
		"../../etc/passwd",
		"/etc/passwd",
		"docs/\u0000.md",
		".git/config",
		".crewkit/runs.db",
		"fifo",
		"/dev/zero",
		"/proc/self/environ",
	]) {
		test(`read_file and write_file refuse ${JSON.stringify(path)} with an error`, async () => {
			const [read, , write] = createFileTools({ root, allowWrite: true });
			await assert.rejects(Promise.resolve(read?.execute({ path }, context)), Error);
			await assert.rejects(Promise.resolve(write?.execute({ path, content: "x" }, context)), Error);
		});
	}
	test("an encoded traversal is a file name, not a way out", async () => {
		const [read, , write] = createFileTools({ root, allowWrite: true });
		const path = "%2e%2e/%2e%2e/etc/passwd";
		await assert.rejects(Promise.resolve(read?.execute({ path }, context)), /ENOENT/);
		await write?.execute({ path, content: "x" }, context);
		assert.equal(await readFile(join(root, "%2e%2e", "%2e%2e", "etc", "passwd"), "utf8"), "x");
	});
});

describe("model answers", () => {
	test("malformed JSON answers are repaired or reported as a problem to re-ask, never thrown", () => {
		const schema = z.object({ title: z.string(), sections: z.array(z.string()) });
		const outcomes = malformedJsonAnswers.map((answer) => parseAnswer(answer, schema));
		assert.deepEqual(outcomes[0], { ok: true, value: { title: "x", sections: [] } }, "cut off");
		for (const outcome of outcomes.slice(1)) {
			assert.equal(outcome.ok, false);
			if (!outcome.ok) assert.ok(outcome.problem.length > 0);
		}
	});
});
