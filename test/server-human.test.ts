import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { createLocalLauncher } from "../src/service/local-launcher.ts";
import { startHarness } from "./support/server-harness.ts";
import { startWaitingFlowRun, untilStatus } from "./support/waiting-flow-run.ts";

test("the API lists a waiting run's question; a checked answer continues the run", async () => {
	const harness = await startHarness();
	try {
		const runId = await startWaitingFlowRun(harness);
		assert.equal(harness.store.getRun(runId)?.status, "waiting");
		const detail = (await (await harness.request(`/api/runs/${runId}`)).json()) as {
			run: { status: string };
		};
		assert.equal(detail.run.status, "waiting");
		const listed = (await (await harness.request(`/api/runs/${runId}/questions`)).json()) as {
			questions: Array<{ key: string; type: string; prompt: string }>;
		};
		assert.equal(listed.questions.length, 1);
		assert.equal(listed.questions[0]?.type, "approve");

		const post = (body: unknown) =>
			harness.request(`/api/runs/${runId}/answer`, {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: JSON.stringify(body),
			});
		const wrong = await post({ answer: "perhaps" });
		assert.equal(wrong.status, 400);
		assert.match(
			((await wrong.json()) as { error: { message: string } }).error.message,
			/yes or no/,
		);

		const done = untilStatus(harness, runId, "completed");
		const right = await post({ answer: true, key: listed.questions[0]?.key });
		assert.equal(right.status, 202);
		assert.equal(((await right.json()) as { resumed: boolean }).resumed, true);
		await done;
		const report = join(harness.workspace, ".crewkit", "reports", "gated.md");
		assert.equal(await readFile(report, "utf8"), "Tides rise twice a day.");
		assert.equal(harness.store.modelCalls(runId).length, 2);
	} finally {
		await harness.close();
	}
});

test("a waiting run whose question times out takes its default when the server checks", async () => {
	const harness = await startHarness();
	const launcher = createLocalLauncher({
		store: harness.store,
		bus: harness.bus,
		workspace: harness.workspace,
		defaultModel: "scripted:none.json",
		deadlineCheckMs: 20,
	});
	try {
		const runId = await startWaitingFlowRun(harness, { timeoutMs: 1 });
		await untilStatus(harness, runId, "completed");
		const answers = harness.store
			.events(runId)
			.flatMap(({ event }) => (event.type === "human-answer" ? [[event.answer, event.by]] : []));
		assert.deepEqual(answers, [[true, "timeout"]]);
	} finally {
		await launcher.close();
		await harness.close();
	}
});
