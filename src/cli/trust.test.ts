import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { crewVariables, writeMcpVariableCrew } from "../../test/support/mcp-variable-crew.ts";
import { crewTrustNeeds } from "../mcp/crew-trust.ts";
import { approvalsFile, findApproval, recordedApproval } from "../mcp/trust-approvals.ts";
import { readCrewFolder } from "./decide-crew-trust.ts";
import type { CliIo } from "./io.ts";
import { main } from "./main.ts";

const [varA, varB] = crewVariables;
let cwd: string;
let env: Record<string, string>;
before(async () => {
	cwd = await mkdtemp(join(tmpdir(), "crewkit-trust-cli-"));
	// The server is never contacted: only the folder's definition is read.
	await writeMcpVariableCrew(join(cwd, "crew"), "http://127.0.0.1:9/mcp");
	env = { CREWKIT_CONFIG_DIR: join(cwd, "config") };
});
after(() => rm(cwd, { recursive: true, force: true }));

/** Runs `crewkit trust …`; `answers` are typed at a terminal, in order (none: no terminal). */
async function trust(args: string[], answers?: string[]) {
	let out = "";
	let err = "";
	const questions: string[] = [];
	const io: CliIo = {
		out: (text) => {
			out += text;
		},
		err: (text) => {
			err += text;
		},
		interactive: answers !== undefined,
		cwd,
		env,
		ask: answers
			? async (question) => {
					questions.push(question);
					const answer = answers.shift();
					assert.ok(answer !== undefined, `unexpected question: ${question}`);
					return answer;
				}
			: undefined,
	};
	const code = await main(["trust", ...args], io);
	return { code, out, err, questions };
}

async function recorded() {
	const subject = await readCrewFolder(join(cwd, "crew"));
	const needs = crewTrustNeeds(subject.spec, subject.code);
	assert.ok(needs);
	return findApproval(approvalsFile(env), subject.crewDir, needs);
}

test("crewkit trust shows what the folder asks and that nothing is decided yet", async () => {
	const shown = await trust(["crew"]);
	assert.equal(shown.code, 0);
	assert.match(shown.out, /^The crew in crew asks to:\n/);
	assert.match(
		shown.out,
		new RegExp(`read ${varA}, given to MCP server 'calc' .* as header Authorization`),
	);
	assert.match(shown.out, /No decision is recorded/);
	assert.match(shown.out, /Change it with: crewkit trust crew --reset\n$/);
});

test("a refused variable is asked about again after --reset, and the new answer is recorded", async () => {
	// First decision on a terminal: the folder yes, A yes, B no.
	const first = await trust(["crew", "--reset"], ["y", "y", "n"]);
	assert.equal(first.code, 0, first.err);
	assert.match(first.out, /No decision was recorded for the crew in crew\./);
	assert.equal(first.questions.length, 3);
	assert.match(first.out, new RegExp(`Allowed; variables allowed: ${varA}; refused: ${varB}\\n`));
	assert.deepEqual((await recorded())?.variables, [varA]);
	const shown = await trust(["crew"]);
	assert.match(
		shown.out,
		new RegExp(`variables allowed: ${varA}; refused: ${varB} \\(recorded on `),
	);

	// Changed: both allowed now.
	const again = await trust(["crew", "--reset"], ["y", "y", "y"]);
	assert.match(
		again.out,
		/^Forgot the decision recorded for the crew in crew \(.*trusted-crews\.json\)\./,
	);
	assert.match(again.err, new RegExp(`the variable ${varB} would be given to MCP server 'calc'`));
	assert.match(
		again.out,
		/variables allowed: CREWKIT_TEST_VAR_A, CREWKIT_TEST_VAR_B; refused: none/,
	);
	assert.deepEqual((await recorded())?.variables, [varA, varB]);
});

test("without a terminal, --reset forgets the decision and says the next run asks", async () => {
	const reset = await trust(["crew", "--reset"]);
	assert.equal(reset.code, 0);
	assert.match(reset.out, /Forgot the decision/);
	assert.match(reset.out, /The next 'crewkit run --crew crew' on a terminal asks again/);
	assert.equal(await recorded(), undefined);
	assert.equal(await recordedApproval(approvalsFile(env), join(cwd, "crew")), undefined);
});

test("a missing folder argument is a clear error", async () => {
	const result = await trust([]);
	assert.equal(result.code, 1);
	assert.match(result.err, /trust takes one crew folder: crewkit trust \.\/my-crew/);
});
