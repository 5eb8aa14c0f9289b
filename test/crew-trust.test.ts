import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadCrewYaml } from "../src/config/load-crew-yaml.ts";
import { readCrewCode } from "../src/mcp/crew-code.ts";
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
		assert.deepEqual(needs.variableUses, [
			{
				variable: "OPENAI_API_KEY",
				server: "MCP server 'shell' of agent 'runner'",
				field: "env LEAK",
			},
			{ variable: "HOME", server: "MCP server 'shell' of agent 'runner'", field: "env PLAIN" },
		]);
		const environment = { OPENAI_API_KEY: "sk-x", HOME: "/home/x", OTHER_SECRET: "s" };
		assert.deepEqual(
			checkCrewTrust(spec, { hash: needs.hash, variables: ["HOME"] }, environment, "crew", "x"),
			{ env: { HOME: "/home/x" }, allowed: ["HOME"] },
		);
		assert.deepEqual(
			checkCrewTrust(
				spec,
				{ hash: needs.hash, variables: ["HOME", "OTHER_SECRET"] },
				environment,
				"crew",
				"x",
			),
			{ env: { HOME: "/home/x" }, allowed: ["HOME"] },
			"an approved variable the crew does not declare stays out of reach",
		);
		assert.deepEqual(checkCrewTrust(spec, "all", environment, "crew", "x"), {
			env: { HOME: "/home/x", OPENAI_API_KEY: "sk-x" },
			allowed: ["HOME", "OPENAI_API_KEY"],
		});
		assert.throws(
			() => checkCrewTrust(spec, { hash: "other", variables: [] }, environment, "crew", "x"),
			TrustError,
		);
	});

	test("approvals are recorded per variable; a server naming a refused one fails saying so", async () => {
		const folder = join(cwd, "per-variable");
		const ranMarker = join(cwd, "per-variable-ran");
		await writeCrew(folder, ranMarker);
		const spec = await loadCrewYaml(folder);
		const needs = crewTrustNeeds(spec);
		assert.ok(needs);
		const file = approvalsFile(env);
		const approval = await recordApproval(file, folder, needs, ["HOME"]);
		assert.deepEqual(approval.variables, ["HOME"]);
		const recorded = JSON.parse(await readFile(file, "utf8")) as {
			folder: string;
			variables: string[];
			declined: string[];
		}[];
		const entry = recorded.find((item) => item.folder.endsWith("per-variable"));
		assert.deepEqual([entry?.variables, entry?.declined], [["HOME"], ["OPENAI_API_KEY"]]);
		const result = await runCli(
			["run", "--crew", "per-variable", "--model", "scripted:crew/script.json", "--no-check"],
			{ cwd, env },
		);
		assert.equal(result.code, 1);
		assert.match(
			result.stderr,
			/MCP server 'shell' env LEAK refers to \$\{OPENAI_API_KEY\}, which you have not allowed this crew to read \(allowed: HOME\)/,
		);
		assert.doesNotMatch(result.stderr, /sk-test-secret/);
		assert.equal(existsSync(ranMarker), false, "nothing started");
	});

	test("a crew.ts runs only once approved, by the hash of the folder's definition files", async () => {
		const folder = join(cwd, "code-crew");
		const codeMarker = join(cwd, "code-crew-ran");
		await mkdir(folder, { recursive: true });
		const module = `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(codeMarker)}, "ran");\nexport default {};\n`;
		await writeFile(join(folder, "crew.ts"), module);
		for (const command of [
			["run", "--crew", "code-crew", "--model", "scripted:crew/script.json"],
			["test", "code-crew", "--model", "scripted:crew/script.json"],
		]) {
			const refused = await runCli(command, { cwd, env });
			assert.equal(refused.code, 1, refused.stderr);
			assert.match(
				refused.stderr,
				/asks to do something you have not allowed: run the code of crew\.ts/,
			);
			assert.match(refused.stderr, /Nothing was started.*--trust/);
			assert.equal(existsSync(codeMarker), false, `${command[0]}: crew.ts was never imported`);
		}
		const code = await readCrewCode(join(folder, "crew.ts"));
		const needs = crewTrustNeeds({ agents: [] }, code);
		assert.ok(needs);
		await recordApproval(approvalsFile(env), folder, needs);
		// An unrelated file (a report, a recording) does not change the hash; a helper script does.
		await writeFile(join(folder, "report.md"), "# Report");
		await writeFile(join(folder, "calls.json"), "[]");
		assert.equal(
			crewTrustNeeds({ agents: [] }, await readCrewCode(join(folder, "crew.ts")))?.hash,
			needs.hash,
		);
		await writeFile(join(folder, "helper.ts"), "export const x = 1;\n");
		assert.notEqual(
			crewTrustNeeds({ agents: [] }, await readCrewCode(join(folder, "crew.ts")))?.hash,
			needs.hash,
		);
		const changed = await runCli(
			["run", "--crew", "code-crew", "--model", "scripted:crew/script.json"],
			{ cwd, env },
		);
		assert.match(changed.stderr, /you have not allowed: run the code of crew\.ts/);
		assert.equal(existsSync(codeMarker), false, "a changed folder asks again");
		await rm(join(folder, "helper.ts"));
		const approved = await runCli(
			["run", "--crew", "code-crew", "--model", "scripted:crew/script.json"],
			{ cwd, env },
		);
		assert.equal(existsSync(codeMarker), true, "the approved crew.ts ran");
		assert.match(approved.stderr, /crew\.ts must export createCrew/);
	});

	test("POST /api/runs with a crew.ts folder is refused; the module is never imported", async () => {
		const harness = await startHarness();
		try {
			const codeMarker = join(harness.workspace, "code-ran");
			await mkdir(join(harness.workspace, "code-crew"));
			await writeFile(
				join(harness.workspace, "code-crew", "crew.ts"),
				`import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(codeMarker)}, "ran");\nexport default {};\n`,
			);
			const response = await harness.request("/api/runs", {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: JSON.stringify({ crew: "code-crew", inputs: {} }),
			});
			const text = await response.text();
			assert.equal(response.ok, false, text);
			assert.match(text, /defined by code.*--allow-crew-mcp/);
			assert.equal(existsSync(codeMarker), false);
		} finally {
			await harness.close();
		}
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

test("two crews approved at once both succeed; the file stays whole and readable by its owner only", async () => {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-trust-"));
	try {
		await writeCrew(join(cwd, "crew"), join(cwd, "ran"));
		const needs = crewTrustNeeds(await loadCrewYaml(join(cwd, "crew")));
		assert.ok(needs);
		const file = approvalsFile({ CREWKIT_CONFIG_DIR: join(cwd, "config") });
		await Promise.all([
			recordApproval(file, join(cwd, "crew"), needs),
			recordApproval(file, join(cwd, "crew"), needs),
		]);
		assert.ok(await findApproval(file, join(cwd, "crew"), needs));
		assert.equal((await stat(file)).mode & 0o777, 0o600);
		assert.equal((await stat(join(cwd, "config"))).mode & 0o777, 0o700);
		assert.deepEqual(await readdir(join(cwd, "config")), ["trusted-crews.json"]);
	} finally {
		await rm(cwd, { recursive: true, force: true });
	}
});
