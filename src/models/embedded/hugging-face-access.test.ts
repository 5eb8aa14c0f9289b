import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import {
	fakeGguf,
	type ModelFileRoute,
	type ModelFileServer,
	startModelFileServer,
} from "../../../test/support/model-file-server.ts";
import { ConfigError, ModelUnavailableError } from "../../errors.ts";
import { resolveLocalModelFile } from "./default-model.ts";
import { followGuarded } from "./follow-guarded.ts";
import { huggingFaceAccess } from "./hugging-face-access.ts";

const token = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH";
const wrongToken = "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";
const file = fakeGguf(50_000);
const sha256 = createHash("sha256").update(file).digest("hex");

let hub: ModelFileServer;
let cdn: ModelFileServer;
let directory = "";

before(async () => {
	directory = await mkdtemp(path.join(tmpdir(), "crewkit-hf-token-"));
	// The CDN is another origin (another port): its signed URLs need no token.
	cdn = await startModelFileServer({ "/blob/gated": { file } });
	const resolve = `${cdn.origin}/blob/gated`;
	const announce = { "x-linked-etag": `"${sha256}"`, "x-linked-size": String(file.length) };
	const routes: Record<string, ModelFileRoute> = {
		"/api/models/o/Gated-GGUF/tree/main": {
			json: [{ type: "file", path: "gated-Q4_K_M.gguf", size: file.length }],
			token,
		},
		"/o/Gated-GGUF/resolve/main/gated-Q4_K_M.gguf": { redirect: resolve, headers: announce, token },
		// A renamed repository: the endpoint redirects to the new name on its own origin.
		"/o/Old-GGUF/resolve/main/gated-Q4_K_M.gguf": {
			redirect: "/o/Gated-GGUF/resolve/main/gated-Q4_K_M.gguf",
			token,
		},
	};
	hub = await startModelFileServer(routes);
});
after(async () => {
	await hub.close();
	await cdn.close();
	await rm(directory, { recursive: true, force: true });
});

let caches = 0;
async function freshCache(): Promise<string> {
	caches += 1;
	const cacheDir = path.join(directory, `cache-${caches}`);
	await mkdir(cacheDir, { recursive: true });
	return cacheDir;
}

/** The loopback CDN is a private address the operator allows, as a local mirror's would be. */
const cdnAllowed = () => ({ HF_ENDPOINT: hub.origin, CREWKIT_ALLOW_PRIVATE_MODEL_URLS: "1" });

const authorizations = (server: ModelFileServer, from: number) =>
	server.requests.slice(from).map((request) => request.authorization);

test("the token comes from HF_TOKEN, else HUGGING_FACE_HUB_TOKEN, as huggingface_hub reads them", () => {
	const both = huggingFaceAccess({ HF_TOKEN: token, HUGGING_FACE_HUB_TOKEN: wrongToken });
	assert.deepEqual(both.token, { value: token, variable: "HF_TOKEN" });
	assert.equal(both.endpoint.href, "https://huggingface.co/");
	assert.deepEqual(huggingFaceAccess({ HUGGING_FACE_HUB_TOKEN: `  ${token}\n` }).token, {
		value: token,
		variable: "HUGGING_FACE_HUB_TOKEN",
	});
	assert.deepEqual(
		huggingFaceAccess({ HF_TOKEN: "", HUGGING_FACE_HUB_TOKEN: token }).token?.variable,
		"HUGGING_FACE_HUB_TOKEN",
		"an empty HF_TOKEN falls through",
	);
	assert.equal(huggingFaceAccess({}).token, undefined);
	assert.equal(huggingFaceAccess({ HF_TOKEN: " \n" }).token, undefined);
	assert.equal(
		huggingFaceAccess({ HF_ENDPOINT: "http://127.0.0.1:9/hf" }).endpoint.href,
		"http://127.0.0.1:9/hf/",
	);
	const unusable = huggingFaceAccess({ HF_TOKEN: "hf_two words-secretpart" });
	assert.equal(unusable.token, undefined, "a token with a space inside is never sent");
	assert.ok(unusable.unusableToken instanceof ConfigError);
	assert.match(unusable.unusableToken.message, /^HF_TOKEN holds characters an access token/);
	assert.doesNotMatch(unusable.unusableToken.message, /secretpart/);
});

test("an unusable token stops requests to the endpoint, with the reason, and no other download", async () => {
	const env = { ...cdnAllowed(), HF_TOKEN: "hf_two words-secretpart" };
	const fromHub = hub.requests.length;
	await assert.rejects(
		resolveLocalModelFile("hf:o/Gated-GGUF:Q4_K_M", { cacheDir: await freshCache(), env }),
		(error: unknown) =>
			error instanceof ConfigError &&
			/^HF_TOKEN holds characters an access token does not have/.test(error.message) &&
			!error.message.includes("secretpart"),
	);
	assert.equal(hub.requests.length, fromHub, "the endpoint was not asked");
	const fromCdn = cdn.requests.length;
	await resolveLocalModelFile(`${cdn.origin}/blob/gated`, { cacheDir: await freshCache(), env });
	assert.deepEqual(authorizations(cdn, fromCdn), [undefined], "another origin's file downloads");
});

test("the token goes to the endpoint for the listing and the file, never to the CDN it redirects to", async () => {
	const cacheDir = await freshCache();
	const [fromHub, fromCdn] = [hub.requests.length, cdn.requests.length];
	const resolved = await resolveLocalModelFile("hf:o/Gated-GGUF:Q4_K_M", {
		cacheDir,
		env: { ...cdnAllowed(), HF_TOKEN: token },
	});
	assert.deepEqual(await readFile(resolved), file);
	assert.deepEqual(
		hub.requests.slice(fromHub).map((request) => [request.path, request.authorization]),
		[
			["/api/models/o/Gated-GGUF/tree/main", `Bearer ${token}`],
			["/o/Gated-GGUF/resolve/main/gated-Q4_K_M.gguf", `Bearer ${token}`],
		],
	);
	assert.deepEqual(authorizations(cdn, fromCdn), [undefined]);
});

test("a redirect on the endpoint's own origin (a renamed repository) keeps the token; the CDN still gets none", async () => {
	const cacheDir = await freshCache();
	const [fromHub, fromCdn] = [hub.requests.length, cdn.requests.length];
	await resolveLocalModelFile("hf:o/Old-GGUF/gated-Q4_K_M.gguf", {
		cacheDir,
		env: { ...cdnAllowed(), HUGGING_FACE_HUB_TOKEN: token },
	});
	assert.deepEqual(authorizations(hub, fromHub), [`Bearer ${token}`, `Bearer ${token}`]);
	assert.deepEqual(authorizations(cdn, fromCdn), [undefined]);
});

test("a URL on another origin than the endpoint gets no token", async () => {
	const cacheDir = await freshCache();
	const fromCdn = cdn.requests.length;
	await resolveLocalModelFile(`${cdn.origin}/blob/gated`, {
		cacheDir,
		env: { HF_ENDPOINT: hub.origin, HF_TOKEN: token, CREWKIT_ALLOW_PRIVATE_MODEL_URLS: "1" },
	});
	assert.deepEqual(authorizations(cdn, fromCdn), [undefined]);
});

test("without a token, a gated repository's 401 says it is gated or private and to set HF_TOKEN", async () => {
	const cacheDir = await freshCache();
	const env = { HF_ENDPOINT: hub.origin };
	const host = new URL(hub.origin).host;
	await assert.rejects(
		resolveLocalModelFile("hf:o/Gated-GGUF:Q4_K_M", { cacheDir, env }),
		(error: unknown) =>
			error instanceof ConfigError &&
			error.message ===
				`${host} answered HTTP 401 for the file list of hf:o/Gated-GGUF: the repository hf:o/Gated-GGUF is gated or private (or does not exist). For a gated model, accept its conditions on ${hub.origin}/o/Gated-GGUF while logged in, create a read access token at https://huggingface.co/settings/tokens and set HF_TOKEN to it in crewkit's environment; crewkit sends it to ${hub.origin} only.`,
	);
	const fromHub = hub.requests.length;
	await assert.rejects(
		resolveLocalModelFile("hf:o/Gated-GGUF/gated-Q4_K_M.gguf", { cacheDir, env }),
		(error: unknown) =>
			error instanceof ConfigError &&
			error.message.startsWith(
				`${host} answered HTTP 401 for ${hub.origin}/o/Gated-GGUF/resolve/main/gated-Q4_K_M.gguf: the repository hf:o/Gated-GGUF is gated or private`,
			) &&
			error.message.includes("set HF_TOKEN to it"),
	);
	assert.equal(hub.requests.length - fromHub, 1, "a refusal is not retried");
	assert.deepEqual(await readdir(cacheDir), [], "nothing is kept");
});

test("a refused token is named by its variable, never quoted, in the listing's and the download's errors", async () => {
	const cacheDir = await freshCache();
	const host = new URL(hub.origin).host;
	for (const [variable, spec] of [
		["HF_TOKEN", "hf:o/Gated-GGUF:Q4_K_M"],
		["HUGGING_FACE_HUB_TOKEN", "hf:o/Gated-GGUF/gated-Q4_K_M.gguf"],
	] as const) {
		const error = await resolveLocalModelFile(spec, {
			cacheDir,
			env: { HF_ENDPOINT: hub.origin, [variable]: wrongToken },
		}).then(
			() => assert.fail("the download should have been refused"),
			(failure: unknown) => failure,
		);
		assert.ok(error instanceof ConfigError);
		assert.match(
			error.message,
			new RegExp(
				`^${host.replace(/\./g, "\\.")} refused the token in ${variable} \\(HTTP 403\\) for .*: the token is invalid or expired, or its account may not read the repository hf:o/Gated-GGUF\\. For a gated model, accept its conditions on ${hub.origin.replace(/\./g, "\\.")}/o/Gated-GGUF while logged in as the token's owner`,
			),
		);
		const everything = `${error.message} ${error.stack} ${String(error.cause ?? "")}`;
		assert.ok(!everything.includes(wrongToken), "the token is not in the error");
		assert.ok(!everything.includes(wrongToken.slice(3)), "not even in part");
	}
});

test("an https endpoint's token never goes to plain http, even on the same host and port", async () => {
	const fromHub = hub.requests.length;
	const { host } = new URL(hub.origin);
	const answer = await followGuarded(
		new URL(`http://${host}/o/Gated-GGUF/resolve/main/gated-Q4_K_M.gguf`),
		{
			guard: { allowPrivateNetwork: true },
			access: {
				endpoint: new URL(`https://${host}/`),
				token: { value: token, variable: "HF_TOKEN" },
			},
			headers: {},
			signal: AbortSignal.timeout(10_000),
			action: "download a model from",
		},
	);
	await answer.response.body?.cancel();
	assert.equal(answer.tokenSent, false);
	assert.equal(answer.response.status, 401);
	assert.deepEqual(authorizations(hub, fromHub), [undefined]);
});

test("the trusted endpoint's redirect to a private address of another origin is refused, naming the redirect", async () => {
	const cacheDir = await freshCache();
	const fromCdn = cdn.requests.length;
	await assert.rejects(
		resolveLocalModelFile("hf:o/Gated-GGUF/gated-Q4_K_M.gguf", {
			cacheDir,
			env: { HF_ENDPOINT: hub.origin, HF_TOKEN: token },
		}),
		(error: unknown) =>
			error instanceof ModelUnavailableError &&
			error.message.startsWith(
				`Refused to download a model from ${hub.origin}/o/Gated-GGUF/resolve/main/gated-Q4_K_M.gguf: it redirects to ${new URL(cdn.origin).host}, which is loopback`,
			),
	);
	assert.equal(cdn.requests.length, fromCdn, "the CDN was not asked");
});
