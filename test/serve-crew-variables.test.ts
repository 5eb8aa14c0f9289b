import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createLocalLauncher } from "../src/service/local-launcher.ts";
import { startMcpHttpServer, type TestMcpHttpServer } from "./support/mcp-http-server.ts";
import { writeMcpVariableCrew } from "./support/mcp-variable-crew.ts";
import { type Harness, startHarness, waitForStatus } from "./support/server-harness.ts";

// The crew's runs read these from the environment of the server (this process).
const tokenA = "crew-variable-a-7f3e9c";
const tokenB = "crew-variable-b-2d8a41";
process.env.CREWKIT_TEST_VAR_A = tokenA;
process.env.CREWKIT_TEST_VAR_B = tokenB;

describe("crewkit serve approves crew-folder variables one by one (--allow-crew-variable)", () => {
	let mcp: TestMcpHttpServer;
	const harnesses: Harness[] = [];
	before(async () => {
		mcp = await startMcpHttpServer();
	});
	after(async () => {
		for (const harness of harnesses) await harness.close();
		await mcp.close();
		delete process.env.CREWKIT_TEST_VAR_A;
		delete process.env.CREWKIT_TEST_VAR_B;
	});

	async function runCrew(allowCrewVariables: string[], options: { humanInput?: boolean } = {}) {
		const harness = await startHarness({
			policy: {
				models: ["scripted:calc-crew/script.json"],
				allowCrewMcp: true,
				allowCrewVariables,
			},
		});
		harnesses.push(harness);
		await writeMcpVariableCrew(join(harness.workspace, "calc-crew"), mcp.url, options);
		const response = await harness.request("/api/runs", {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({
				crew: "calc-crew",
				inputs: {},
				model: "scripted:calc-crew/script.json",
			}),
		});
		assert.equal(response.status, 202, await response.clone().text());
		const { runId } = (await response.json()) as { runId: string };
		const detail = await waitForStatus(harness, runId, ["completed", "failed", "waiting"], {
			timeoutMs: 60_000,
		});
		return { ...detail, harness, runId };
	}

	test("one of two variables allowed: the run fails naming the other and the flag; nothing starts", async () => {
		const detail = await runCrew(["CREWKIT_TEST_VAR_A"]);
		assert.equal(detail.run.status, "failed");
		const text = JSON.stringify(detail);
		assert.match(
			text,
			/names \$\{CREWKIT_TEST_VAR_B\} \(MCP server 'calc' of agent 'calculator' as header X-Team\), which crewkit serve does not let crews read \(allowed: CREWKIT_TEST_VAR_A\)\. Nothing was started\. To allow it, start crewkit serve with --allow-crew-variable CREWKIT_TEST_VAR_B\./,
		);
		assert.doesNotMatch(text, new RegExp(`${tokenA}|${tokenB}`), "no value is shown");
		assert.deepEqual(mcp.authorizations, [], "the MCP server was never contacted");
	});

	test("both allowed: the run completes and the MCP server receives the expanded header", async () => {
		const detail = await runCrew(["CREWKIT_TEST_VAR_A", "CREWKIT_TEST_VAR_B"]);
		assert.equal(detail.run.status, "completed", JSON.stringify(detail));
		assert.ok(mcp.authorizations.length > 0, "the MCP server was contacted");
		assert.ok(mcp.authorizations.every((value) => value === `Bearer ${tokenA}`));
	});

	test("a run that waits for a person resumes with the same approval when answered", async () => {
		const before = mcp.authorizations.length;
		const { harness, runId, ...detail } = await runCrew(
			["CREWKIT_TEST_VAR_A", "CREWKIT_TEST_VAR_B"],
			{ humanInput: true },
		);
		assert.equal(detail.run.status, "waiting", JSON.stringify(detail));
		const listed = (await (await harness.request(`/api/runs/${runId}/questions`)).json()) as {
			questions: Array<{ key: string }>;
		};
		const answer = await harness.request(`/api/runs/${runId}/answer`, {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ answer: "", key: listed.questions[0]?.key }),
		});
		assert.equal(answer.status, 202, await answer.clone().text());
		const resumed = await waitForStatus(harness, runId, ["completed", "failed"], {
			timeoutMs: 60_000,
		});
		assert.equal(resumed.run.status, "completed", JSON.stringify(resumed));
		assert.ok(mcp.authorizations.length > before, "the MCP server was contacted");
		assert.ok(mcp.authorizations.every((value) => value === `Bearer ${tokenA}`));
	});

	test("a waiting run resumed by a server that now allows less fails naming the variable", async () => {
		const { harness, runId, ...detail } = await runCrew(
			["CREWKIT_TEST_VAR_A", "CREWKIT_TEST_VAR_B"],
			{ humanInput: true },
		);
		assert.equal(detail.run.status, "waiting");
		// The operator restarts the server with fewer flags; the answer resumes the run there.
		const restarted = createLocalLauncher({
			store: harness.store,
			bus: harness.bus,
			workspace: harness.workspace,
			defaultModel: "scripted:none.json",
			deadlineCheckMs: 0,
			policy: {
				models: ["scripted:calc-crew/script.json"],
				allowCrewMcp: true,
				allowCrewVariables: ["CREWKIT_TEST_VAR_A"],
			},
		});
		try {
			assert.equal(await restarted.resume?.(runId), true);
			const ended = await waitForStatus(harness, runId, ["failed"], { timeoutMs: 60_000 });
			assert.match(
				JSON.stringify(ended),
				/names \$\{CREWKIT_TEST_VAR_B\} .*start crewkit serve with --allow-crew-variable CREWKIT_TEST_VAR_B/,
			);
		} finally {
			await restarted.close();
		}
	});
});
