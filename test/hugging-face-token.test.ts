/**
 * A server run whose model is in a gated Hugging Face repository, with a token the
 * endpoint refuses: the run fails saying so, and nothing the store keeps holds the token.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { createEventBus } from "../src/service/event-bus.ts";
import { createLocalLauncher } from "../src/service/local-launcher.ts";
import { openRunStore } from "../src/store/sqlite-store.ts";
import { briefingCrewFolder, writeBriefingWorkspace } from "./support/briefing-crew.ts";
import { startModelFileServer } from "./support/model-file-server.ts";

const token = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH";
const refusedToken = "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";

test("a run refused by a gated repository fails saying the token was refused; the store never holds it", async () => {
	const hub = await startModelFileServer({
		"/api/models/o/Gated-GGUF/tree/main": {
			json: [{ type: "file", path: "gated-Q4_K_M.gguf", size: 10_000 }],
			token,
		},
	});
	const workspace = await mkdtemp(join(tmpdir(), "crewkit-hf-token-run-"));
	await writeBriefingWorkspace(workspace);
	const database = join(workspace, ".crewkit", "runs.db");
	// No secret-named variable reaches the store's redactor: what it keeps is clean because
	// the error never carried the token, not because it was scrubbed.
	const store = openRunStore(database, { env: {} });
	const launcher = createLocalLauncher({
		store,
		bus: createEventBus(),
		workspace,
		defaultModel: "local:hf:o/Gated-GGUF:Q4_K_M",
		modelOptions: {
			cacheDir: join(workspace, "models"),
			env: { HF_ENDPOINT: hub.origin, HF_TOKEN: refusedToken },
		},
		deadlineCheckMs: 0,
	});
	try {
		const { runId } = await launcher.start({
			crew: briefingCrewFolder,
			inputs: { topic: "AI LLMs" },
		});
		for (const deadline = Date.now() + 20_000; store.getRun(runId)?.status !== "failed"; ) {
			assert.ok(Date.now() < deadline, `the run did not fail: ${store.getRun(runId)?.status}`);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		const run = store.getRun(runId);
		assert.match(
			run?.error ?? "",
			/^127\.0\.0\.1:\d+ refused the token in HF_TOKEN \(HTTP 403\) for the file list of hf:o\/Gated-GGUF: the token is invalid or expired/,
		);
		assert.deepEqual(
			hub.requests.map((request) => request.authorization),
			[`Bearer ${refusedToken}`],
			"the endpoint got the token, once",
		);
		const kept = JSON.stringify([store.listRuns(), store.events(runId)]);
		assert.ok(!kept.includes(refusedToken.slice(3)), "not in the runs or events");
		await launcher.close();
		store.close();
		for (const file of [database, `${database}-wal`]) {
			if (!existsSync(file)) continue;
			const bytes = await readFile(file);
			assert.ok(!bytes.includes(refusedToken.slice(3)), `not in ${file}`);
		}
	} finally {
		await launcher.close();
		await hub.close();
		await rm(workspace, { recursive: true, force: true });
	}
});
