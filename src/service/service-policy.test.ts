import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ConfigError } from "../errors.ts";
import { resolveModel } from "../models/resolve-model.ts";
import { checkRequestedModel, closedServicePolicy } from "./service-policy.ts";

let root: string;
let workspace: string;
before(async () => {
	root = await mkdtemp(join(tmpdir(), "crewkit-policy-"));
	workspace = join(root, "workspace");
	await mkdir(workspace);
	await writeFile(join(root, "outside.json"), JSON.stringify(["secret output"]));
	await writeFile(join(workspace, "inside.json"), JSON.stringify(["fine"]));
	await symlink(join(root, "outside.json"), join(workspace, "link.json"));
});
after(() => rm(root, { recursive: true, force: true }));

const check = (model: string, models: string[] = []) =>
	checkRequestedModel(model, {
		defaultModel: "scripted:inside.json",
		policy: { ...closedServicePolicy, models },
		workspace,
	});

test("a request names the default model or one the operator allowed, nothing else", async () => {
	await check("scripted:inside.json");
	await check("openai:gpt-4.1-mini", ["openai:*"]);
	for (const model of [
		"openai-compatible:x@http://127.0.0.1:18099/v1",
		`scripted:${join(root, "outside.json")}`,
		"scripted:/etc/shadow",
		"local:http://127.0.0.1:9/x.gguf",
		"openai:gpt-4.1-mini",
	]) {
		await assert.rejects(check(model), (error: unknown) => {
			assert.ok(error instanceof ConfigError);
			assert.match(error.message, /is not allowed on this server.*--allow-model/);
			return true;
		});
	}
});

test("'*' stands for a model id, never a path or a URL", async () => {
	await assert.rejects(check("scripted:../outside.json", ["scripted:*"]), /not allowed/);
	await assert.rejects(
		check("openai-compatible:x@http://127.0.0.1:18099/v1", ["openai-compatible:*"]),
		/not allowed/,
	);
});

test("even an allowed file model must be inside the workspace, links resolved", async () => {
	await assert.rejects(
		check("scripted:../outside.json", ["scripted:../outside.json"]),
		/names a file outside the workspace/,
	);
	await assert.rejects(
		check("scripted:link.json", ["scripted:link.json"]),
		/outside the workspace/,
	);
});

test("a model file that is not JSON is refused without quoting it", async () => {
	const secret = join(root, "shadow");
	await writeFile(secret, "root:$6$saltsalt$hashhashhash:19000:0:99999:7:::\n");
	await assert.rejects(resolveModel(`scripted:${secret}`), (error: unknown) => {
		assert.ok(error instanceof ConfigError);
		assert.match(error.message, /is not valid JSON/);
		assert.doesNotMatch(error.message, /root|saltsalt|hash/);
		return true;
	});
});
