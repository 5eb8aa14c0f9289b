import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { evaluateReport } from "../src/report/evaluate-report.ts";
import { markdownCitationRun } from "./hostile/make-hostile-inputs.ts";
import { seedReportRun } from "./support/seed-report-run.ts";
import {
	type Harness,
	startBriefingRun,
	startHarness,
	waitForStatus,
} from "./support/server-harness.ts";

async function errorOf(response: Response) {
	const body = (await response.json()) as { error: { code: string; message: string } };
	return body.error;
}

describe("GET /api/runs/:id/evaluation", () => {
	let harness: Harness;
	let runId: string;
	before(async () => {
		harness = await startHarness({ listen: true });
		runId = await startBriefingRun(harness, { topic: "Open weights" });
		await waitForStatus(harness, runId, ["completed"]);
	});
	after(() => harness.close());

	test("a normal report gets the evaluation evaluateReport gives, measured in the worker", async () => {
		const response = await harness.request(`/api/runs/${runId}/evaluation`);
		assert.equal(response.status, 200);
		const body = (await response.json()) as Record<string, unknown>;
		const markdown = harness.store.completedTasks(runId).at(-1)?.raw ?? "";
		assert.ok(markdown.length > 0);
		const expected = JSON.parse(JSON.stringify({ runId, ...evaluateReport(markdown) }));
		assert.deepEqual(body, expected);
		assert.match(String(body.summary), /citations/);
	});

	test("a report over the size limit is a 422 report_over_limits saying the limit", async () => {
		seedReportRun(harness.store, "run_too_long", `# Long\n\n${"word ".repeat(400_000)}`);
		const response = await harness.request("/api/runs/run_too_long/evaluation");
		assert.equal(response.status, 422);
		const error = await errorOf(response);
		assert.equal(error.code, "report_over_limits");
		assert.match(
			error.message,
			/^The report of run run_too_long is too long to evaluate \(2,000,008 characters, over the limit of 2,000,000\); it is not evaluated\.$/,
		);
	});

	test("a report past the deadline is a 422, and the server answers other requests meanwhile", async (context) => {
		// Past the usual size limit (raised here), an 18 MB citation run takes many times this
		// deadline to measure on any machine: the deadline stops it, whatever the load.
		const slow = await startHarness({
			listen: true,
			evaluationLimits: { maxChars: 20_000_000, deadlineMs: 1500 },
		});
		context.after(() => slow.close());
		const markdown = markdownCitationRun(2_000_000);
		seedReportRun(slow.store, "run_slow", markdown);
		seedReportRun(slow.store, "run_other", "# Other\n\nA short report.");
		let settled = false;
		const evaluation = slow.request("/api/runs/run_slow/evaluation").then(async (response) => {
			settled = true;
			return { status: response.status, error: await errorOf(response) };
		});
		const other = await slow.request("/api/runs/run_other");
		assert.equal(other.status, 200);
		assert.equal(settled, false, "answered while the slow report was being evaluated");
		const { status, error } = await evaluation;
		assert.equal(status, 422);
		assert.equal(error.code, "report_over_limits");
		assert.equal(
			error.message,
			"The report of run run_slow took longer than 1500 ms to evaluate (it was stopped); it is not evaluated.",
		);
	});
});
