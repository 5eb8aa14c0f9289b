import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, before, test } from "node:test";
import {
	fakeGguf,
	type ModelFileServer,
	startModelFileServer,
} from "../../test/support/model-file-server.ts";
import { crewkitBin } from "../../test/support/run-cli.ts";
import { modelCatalog } from "../models/embedded/model-catalog.ts";
import { modelSourceOf } from "../models/embedded/model-source.ts";
import { skipWithoutStoriesModel, storiesModelPath } from "../models/embedded/stories-fixture.ts";
import type { CliIo } from "./io.ts";
import { main } from "./main.ts";

const smallPath = "/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf";
const sevenPath =
	"/bartowski/Qwen2.5-7B-Instruct-GGUF/resolve/main/Qwen2.5-7B-Instruct-Q4_K_M.gguf";
const held = fakeGguf(400_000);
const hubToken = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH";
let mirror: ModelFileServer;
let stories: Buffer;

before(async () => {
	stories = existsSync(storiesModelPath) ? await readFile(storiesModelPath) : fakeGguf(10_000);
	mirror = await startModelFileServer({
		[smallPath]: { file: stories },
		[sevenPath]: { file: held, holdAfter: 100_000 },
		"/api/models/o/Tiny-GGUF/tree/main": {
			json: [
				{ type: "file", path: "tiny-Q4_K_M.gguf", size: 10_000 },
				{ type: "file", path: "tiny-Q8_0.gguf", size: 10_000 },
			],
		},
		"/o/Tiny-GGUF/resolve/main/tiny-Q8_0.gguf": { file: fakeGguf(10_000) },
		"/api/models/o/Plain-GGUF/tree/main": {
			json: [
				{ type: "file", path: "plain-Q8_0.gguf", size: 10_000 },
				{ type: "file", path: "plain-Q4_K_M.gguf", size: 10_000 },
			],
		},
		"/o/Plain-GGUF/resolve/main/plain-Q4_K_M.gguf": { file: fakeGguf(10_000) },
		"/api/models/o/Gated-GGUF/tree/main": {
			json: [{ type: "file", path: "gated-Q4_K_M.gguf", size: 10_000 }],
			token: hubToken,
		},
	});
});
after(() => mirror.close());

async function cli(options: { interactive?: boolean; env?: Record<string, string> } = {}) {
	const cacheDir = await mkdtemp(join(tmpdir(), "crewkit-models-cli-"));
	const output = { out: "", err: "" };
	const io: CliIo = {
		out: (text) => {
			output.out += text;
		},
		err: (text) => {
			output.err += text;
		},
		interactive: options.interactive ?? false,
		cwd: cacheDir,
		env: { CREWKIT_CACHE_DIR: cacheDir, HF_ENDPOINT: mirror.origin, ...options.env },
	};
	const run = async (...args: string[]) => {
		output.out = "";
		output.err = "";
		const code = await main(["models", ...args], io);
		return { code, ...output };
	};
	return { cacheDir, run, output };
}

function cachedFile(cacheDir: string, name: string): string {
	const model = modelCatalog.find((entry) => entry.name === name);
	assert.ok(model);
	return join(cacheDir, modelSourceOf(model.source, {}).fileName);
}

test("crewkit models lists the documented models, marks the one this machine gets, and says where they are kept", async () => {
	const { cacheDir, run } = await cli();
	await writeFile(cachedFile(cacheDir, "qwen2.5-7b"), "GGUF");
	const { code, out } = await run();
	assert.equal(code, 0);
	const rows = out.split("\n").slice(0, 4);
	assert.match(rows[0] ?? "", /^\s+name\s+size\s+context\s+licence\s+downloaded$/);
	assert.match(rows[1] ?? "", /qwen2\.5-0\.5b\s+491\.0 MB\s+32,768\s+Apache-2\.0\s+no$/);
	assert.match(rows[2] ?? "", /qwen2\.5-1\.5b\s+1\.1 GB\s+32,768\s+Apache-2\.0\s+no$/);
	assert.match(rows[3] ?? "", /qwen2\.5-7b\s+4\.7 GB\s+32,768\s+Apache-2\.0\s+yes$/);
	assert.equal(rows.filter((row) => row.startsWith("*")).length, 1);
	const marked = /^\*\s+(\S+)/.exec(rows.find((row) => row.startsWith("*")) ?? "")?.[1];
	assert.match(
		out,
		new RegExp(
			`\\* local:default on this machine: ${marked?.replaceAll(".", "\\.")} \\(\\d[\\d,]*-token context\\) on the (CPU|\\w+ GPU)`,
		),
	);
	assert.match(out, /^Threads: \d, one per physical core, at most 8 \(--threads N to change\)\.$/m);
	assert.ok(out.includes(`Models are kept in ${cacheDir}.`));
	assert.match(out, /hf:Qwen\/Qwen2\.5-1\.5B-Instruct-GGUF\/qwen2\.5-1\.5b-instruct-q4_k_m\.gguf/);
	// What is verified, model by model and in general.
	assert.match(out, /q4_k_m\.gguf\n {2}\(SHA-256 pinned by crewkit: [0-9a-f]{64}\)/);
	assert.match(out, /Q4_K_M\.gguf\n {2}\(SHA-256 as Hugging Face announces it\)/);
	assert.match(
		out,
		/^Each download is checked before it is used: its size, its GGUF header and its SHA-256/m,
	);
});

test("crewkit models --json gives the list with what is downloaded, the choice and the threads", async () => {
	const { cacheDir, run } = await cli();
	await writeFile(cachedFile(cacheDir, "qwen2.5-0.5b"), "GGUF");
	const { code, out } = await run("--json");
	assert.equal(code, 0);
	const listing = JSON.parse(out);
	assert.equal(listing.cacheDir, cacheDir);
	assert.deepEqual(
		listing.models.map((model: { name: string; downloaded: boolean }) => [
			model.name,
			model.downloaded,
		]),
		[
			["qwen2.5-0.5b", true],
			["qwen2.5-1.5b", false],
			["qwen2.5-7b", false],
		],
	);
	assert.equal(listing.models[1].sha256, modelCatalog[1]?.sha256);
	assert.ok(modelCatalog.some((model) => model.name === listing.default.name));
	assert.ok(listing.default.contextSize >= 2048 && listing.default.contextSize <= 8192);
	assert.ok(listing.threads >= 1);
});

test("crewkit models pull downloads a listed model from the mirror, printing progress lines off a terminal", {
	skip: skipWithoutStoriesModel,
}, async () => {
	const { cacheDir, run } = await cli();
	const { code, out, err } = await run("pull", "qwen2.5-0.5b");
	assert.equal(code, 0, err);
	const file = cachedFile(cacheDir, "qwen2.5-0.5b");
	assert.equal(out, `${file}\n`);
	assert.deepEqual(await readFile(file), stories);
	assert.match(err, /^Downloading qwen2\.5-0\.5b \(hf:Qwen\/.*\) into /);
	assert.match(err, /^qwen2\.5-0\.5b \[=+\] 100% {2}1\.2 MB \/ 1\.2 MB$/m);
	assert.doesNotMatch(err, /\r/);

	const again = await run("pull", "qwen2.5-0.5b");
	assert.equal(again.code, 0);
	assert.match(again.err, /qwen2\.5-0\.5b is already downloaded/);
	assert.equal(again.out, `${file}\n`);
});

test("a pull while another process downloads the model waits, says so once, then uses its file", async () => {
	const { cacheDir, run, output } = await cli();
	const file = cachedFile(cacheDir, "qwen2.5-0.5b");
	// The other process (its pid is this test's, alive) holds the lock next to the file.
	const other = { pid: process.pid, hostname: hostname(), startedAt: Date.now(), token: "other" };
	await writeFile(`${file}.lock`, JSON.stringify(other));
	const requests = mirror.requests.length;
	const pulling = run("pull", "qwen2.5-0.5b");
	const waiting = `waiting for another crewkit process (pid ${process.pid}) downloading ${basename(file)}`;
	for (const deadline = Date.now() + 20_000; !output.err.includes(waiting); ) {
		assert.ok(Date.now() < deadline, `no wait message: ${output.err}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	// It finishes: its verified file takes its name, and it releases the lock.
	await writeFile(file, stories);
	await rm(`${file}.lock`);
	const { code, out, err } = await pulling;
	assert.equal(code, 0, err);
	assert.equal(out, `${file}\n`);
	assert.equal(err.split(waiting).length - 1, 1);
	assert.equal(mirror.requests.length, requests, "nothing was downloaded");
	assert.equal(existsSync(`${file}.lock`), false);
});

test("on a terminal, pull redraws one progress bar in place", async () => {
	const { run } = await cli({ interactive: true });
	const { code, err } = await run("pull", "qwen2.5-0.5b");
	assert.equal(code, 0, err);
	assert.match(err, /\rqwen2\.5-0\.5b \[=+\] 100%.*\n$/);
});

test("pull takes a Hugging Face quant tag, and the second pull finds it without asking", async () => {
	const { cacheDir, run } = await cli();
	const { code, out, err } = await run("pull", "hf:o/Tiny-GGUF:q8_0");
	assert.equal(code, 0, err);
	assert.equal(out, `${join(cacheDir, "hf_o_tiny-Q8_0.gguf")}\n`);
	assert.match(err, /^Downloading hf:o\/Tiny-GGUF:q8_0 into /);
	const asked = mirror.requests.length;
	const again = await run("pull", "hf:o/Tiny-GGUF:Q8_0");
	assert.equal(again.code, 0);
	assert.match(again.err, /hf:o\/Tiny-GGUF:Q8_0 is already downloaded/);
	assert.equal(again.out, out);
	assert.equal(mirror.requests.length, asked);
	const missing = await run("pull", "hf:o/Tiny-GGUF:Q5_K_M");
	assert.equal(missing.code, 1);
	assert.match(missing.err, /has no GGUF file tagged Q5_K_M\. Its quantisations: Q4_K_M, Q8_0\./);
});

test("crewkit models says whether a Hugging Face token is set and where it goes, never what it is", async () => {
	const without = await (await cli()).run();
	assert.match(
		without.out,
		/^Hugging Face token: none \(set HF_TOKEN to download from gated or private repositories\)\.$/m,
	);
	const { run } = await cli({ env: { HF_TOKEN: hubToken } });
	const listed = await run();
	assert.ok(
		listed.out.includes(
			`Hugging Face token: HF_TOKEN is set; it is sent to ${mirror.origin} only, for gated and private repositories.`,
		),
	);
	const json = await run("--json");
	assert.deepEqual(JSON.parse(json.out).huggingFace, {
		endpoint: `${mirror.origin}/`,
		token: "HF_TOKEN",
	});
	const help = await run("--help");
	assert.match(
		help.out,
		/HF_TOKEN {12}a Hugging Face access token for gated and private repositories/,
	);
	for (const output of [listed, json, help]) {
		assert.ok(!`${output.out}${output.err}`.includes(hubToken.slice(3)), "the token is not shown");
	}
	const unusable = await (await cli({ env: { HF_TOKEN: "hf_two words-notshown" } })).run();
	assert.equal(unusable.code, 0, "a token that cannot be one does not stop the listing");
	assert.match(unusable.out, /^Hugging Face token: HF_TOKEN holds characters an access token/m);
	assert.ok(!unusable.out.includes("notshown"));
});

test("pull from a gated repository says to set HF_TOKEN, or that the token was refused, never showing it", async () => {
	const anonymous = await (await cli()).run("pull", "hf:o/Gated-GGUF:Q4_K_M");
	assert.equal(anonymous.code, 1);
	assert.match(
		anonymous.err,
		/^crewkit: 127\.0\.0\.1:\d+ answered HTTP 401 for the file list of hf:o\/Gated-GGUF: the repository hf:o\/Gated-GGUF is gated or private \(or does not exist\)\. For a gated model, accept its conditions on http:\/\/127\.0\.0\.1:\d+\/o\/Gated-GGUF while logged in, create a read access token at https:\/\/huggingface\.co\/settings\/tokens and set HF_TOKEN to it/m,
	);
	const wrong = "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";
	const refused = await (await cli({ env: { HF_TOKEN: wrong } })).run(
		"pull",
		"hf:o/Gated-GGUF:Q4_K_M",
		"--debug",
	);
	assert.equal(refused.code, 1);
	assert.match(
		refused.err,
		/refused the token in HF_TOKEN \(HTTP 403\) for the file list of hf:o\/Gated-GGUF/,
	);
	assert.ok(!`${refused.out}${refused.err}`.includes(wrong.slice(3)), "the token is not shown");
});

test("pull of a repository with no quant tag takes its Q4_K_M and says which file that is", async () => {
	const { cacheDir, run } = await cli();
	const { code, out, err } = await run("pull", "hf:o/Plain-GGUF");
	assert.equal(code, 0, err);
	assert.equal(out, `${join(cacheDir, "hf_o_plain-Q4_K_M.gguf")}\n`);
	assert.match(
		err,
		/^hf:o\/Plain-GGUF names no quantisation: using its Q4_K_M file, plain-Q4_K_M\.gguf\. Name another as hf:o\/Plain-GGUF:<QUANT>\.$/m,
	);
	const again = await run("pull", "hf:o/Plain-GGUF");
	assert.match(again.err, /hf:o\/Plain-GGUF is already downloaded/);
	assert.equal(again.out, out);
});

test("pull of a name not on the list says which names are", async () => {
	const { run } = await cli();
	const { code, err } = await run("pull", "llama-70b");
	assert.equal(code, 1);
	assert.match(
		err,
		/There is no model 'llama-70b' on crewkit's list\. Choose one of: qwen2\.5-0\.5b, qwen2\.5-1\.5b, qwen2\.5-7b, or 'default'/,
	);
	assert.equal((await run("pull")).code, 1);
	assert.equal((await run("remove", "x")).code, 1);
});

test("SIGTERM stops a pull at once, keeps the partial file, and the message says how to resume", async () => {
	const cacheDir = await mkdtemp(join(tmpdir(), "crewkit-models-signal-"));
	const child = spawn(process.execPath, [crewkitBin, "models", "pull", "qwen2.5-7b"], {
		env: {
			PATH: process.env.PATH ?? "",
			HOME: process.env.HOME ?? "",
			CREWKIT_CACHE_DIR: cacheDir,
			HF_ENDPOINT: mirror.origin,
		},
		stdio: ["ignore", "pipe", "pipe"],
	});
	let stderr = "";
	let killed = false;
	child.stderr.on("data", (chunk) => {
		stderr += chunk;
		// A progress line past 0 %: bytes have arrived, and the server now holds.
		if (!killed && /qwen2\.5-7b \[.*\] +[1-9]\d*%/.test(stderr)) {
			killed = true;
			child.kill("SIGTERM");
		}
	});
	const code = await new Promise<number | string | null>((resolve) =>
		child.on("close", (exitCode, signal) => resolve(exitCode ?? signal)),
	);
	assert.equal(code, 130, stderr);
	assert.match(
		stderr,
		/was cancelled; what arrived is kept in .*\.part .*Run the same command to continue\./,
	);
	const partial = `${cachedFile(cacheDir, "qwen2.5-7b")}.part`;
	assert.ok((await stat(partial)).size > 0);
	assert.equal(existsSync(cachedFile(cacheDir, "qwen2.5-7b")), false);
	assert.equal(
		existsSync(`${cachedFile(cacheDir, "qwen2.5-7b")}.lock`),
		false,
		"the download lock is released",
	);
});

test("a run on local:default says first which model it chose for this machine, and why", async () => {
	const { cacheDir } = await cli();
	for (const model of modelCatalog) {
		// Present but not a loadable model: the run stops at the first model call.
		await writeFile(cachedFile(cacheDir, model.name), fakeGguf(1000));
	}
	let err = "";
	const io: CliIo = {
		out: () => {},
		err: (text) => {
			err += text;
		},
		interactive: false,
		cwd: cacheDir,
		env: { CREWKIT_CACHE_DIR: cacheDir },
	};
	const code = await main(["run", "--topic", "AI", "--no-web", "--threads", "1"], io);
	assert.equal(code, 1);
	const [first] = err.split("\n");
	assert.match(
		first ?? "",
		/^Model: local:default is qwen2\.5-\S+ \(\d[\d,]*-token context\) on the (CPU|\w+ GPU): /,
	);
	assert.match(err, /Could not load the model file '.*hf_/);
});
