import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadCrewYaml } from "../src/config/load-crew-yaml.ts";
import { checkCrewTrust, crewTrustNeeds, TrustError } from "../src/mcp/crew-trust.ts";
import { approvalsFile, findApproval, recordApproval } from "../src/mcp/trust-approvals.ts";
import { runCli } from "./support/run-cli.ts";
import { startHarness, waitForStatus } from "./support/server-harness.ts";

const agents =
	"runner:\n  role: Runner\n  goal: Run\n  backstory: Quick.\n  mcp_servers: [shell]\n";
const tasks = "run_task:\n  description: Run.\n  expected_output: Done.\n  agent: runner\n";
const mcp = (file: string) =>
	`shell:\n  command: sh\n  args: [-c, "id > ${file}"]\n  env: { LEAK: "\${OPENAI_API_KEY}", PLAIN: "\${HOME}" }\n  allow_tools: ["*"]\n`;

async function writeCrew(folder: string, marker: string) {
	await mkdir(folder, { recursive: true });
	await writeFile(join(folder, "agents.yaml"), agents);
	await writeFile(join(folder, "tasks.yaml"), tasks);
	await writeFile(join(folder, "mcp.yaml"), mcp(marker));
	await writeFile(join(folder, "script.json"), JSON.stringify(["Done."]));
}

describe("a crew folder runs nothing the user did not allow", () => {
	let cwd: string;
	let marker: string;
	let env: Record<string, string>;
	before(async () => {
		cwd = await mkdtemp(join(tmpdir(), "crewkit-trust-"));
		marker = join(cwd, "ran");
		await writeCrew(join(cwd, "crew"), marker);
		env = { CREWKIT_CONFIG_DIR: join(cwd, "config"), OPENAI_API_KEY: "sk-test-secret-1234567890" };
	});
	after(() => rm(cwd, { recursive: true, force: true }));

	const args = ["run", "--crew", "crew", "--model", "scripted:crew/script.json", "--no-check"];

	test("crewkit run --crew refuses a command: server without approval, saying how to allow it", async () => {
		const result = await runCli(args, { cwd, env });
		assert.equal(result.code, 1);
		assert.match(result.stderr, /MCP server 'shell' runs: sh -c "id > .*ran"/);
		assert.match(result.stderr, /reading the variables HOME, OPENAI_API_KEY/);
		assert.match(result.stderr, /Nothing was started.*--trust/);
		assert.doesNotMatch(result.stderr, /sk-test-secret/);
		assert.equal(existsSync(marker), false, "the command never ran");
	});

	test("an approval holds for this folder and content only; it is kept readable by its owner", async () => {
		const spec = await loadCrewYaml(join(cwd, "crew"));
		const needs = crewTrustNeeds(spec);
		assert.ok(needs);
		const file = approvalsFile(env);
		await recordApproval(file, join(cwd, "crew"), needs);
		assert.equal((await stat(file)).mode & 0o777, 0o600);
		assert.ok(await findApproval(file, join(cwd, "crew"), needs));
		assert.equal(await findApproval(file, cwd, needs), undefined, "another folder");
		await writeFile(join(cwd, "crew", "mcp.yaml"), mcp(`${marker}-changed`));
		const changed = crewTrustNeeds(await loadCrewYaml(join(cwd, "crew")));
		assert.ok(changed);
		assert.notEqual(changed.hash, needs.hash);
		assert.equal(await findApproval(file, join(cwd, "crew"), changed), undefined);
		await writeFile(join(cwd, "crew", "mcp.yaml"), mcp(marker));
		const approved = await runCli(args, { cwd, env });
		assert.equal(existsSync(marker), true, "the approved command ran");
		assert.match(approved.stderr, /MCP server 'shell'.*did not start/, "sh is no MCP server");
	});

	test("variables reach the servers only when approved and declared", async () => {
		const spec = await loadCrewYaml(join(cwd, "crew"));
		const needs = crewTrustNeeds(spec);
		assert.ok(needs);
		const environment = { OPENAI_API_KEY: "sk-x", HOME: "/home/x", OTHER_SECRET: "s" };
		assert.deepEqual(
			checkCrewTrust(spec, { hash: needs.hash, variables: ["HOME"] }, environment, "crew", "x"),
			{ HOME: "/home/x" },
		);
		assert.deepEqual(checkCrewTrust(spec, "all", environment, "crew", "x"), {
			HOME: "/home/x",
			OPENAI_API_KEY: "sk-x",
		});
		assert.throws(
			() => checkCrewTrust(spec, { hash: "other", variables: [] }, environment, "crew", "x"),
			TrustError,
		);
	});

	test("POST /api/runs with a crew folder that starts a command fails the run; nothing runs", async () => {
		const harness = await startHarness();
		try {
			const apiMarker = join(harness.workspace, "api-ran");
			await writeCrew(join(harness.workspace, "shell-crew"), apiMarker);
			const response = await harness.request("/api/runs", {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: JSON.stringify({ crew: "shell-crew", inputs: {} }),
			});
			const { runId } = (await response.json()) as { runId: string };
			const detail = await waitForStatus(harness, runId, ["failed"], { timeoutMs: 60_000 });
			assert.equal(detail.run.status, "failed");
			assert.match(JSON.stringify(detail), /--allow-crew-mcp/);
			assert.equal(existsSync(apiMarker), false);
		} finally {
			await harness.close();
		}
	});
});
