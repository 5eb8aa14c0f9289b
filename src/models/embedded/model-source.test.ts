import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../../errors.ts";
import { modelCatalog } from "./model-catalog.ts";
import { fileUriOf, huggingFaceEndpoint, modelSourceOf, quantTagUriOf } from "./model-source.ts";

test("an hf: URI resolves on huggingface.co and is cached under node-llama-cpp's name", () => {
	const source = modelSourceOf(
		"hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf",
		{},
	);
	assert.equal(
		source.url.href,
		"https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf",
	);
	assert.equal(source.fileName, "hf_Qwen_qwen2.5-1.5b-instruct-q4_k_m.gguf");
});

test("every catalog entry's source resolves to its documented URL", () => {
	for (const model of modelCatalog)
		assert.equal(modelSourceOf(model.source, {}).url.href, model.url);
});

test("a file whose name does not say its repository, a folder or a revision are kept in the cache name", () => {
	assert.equal(
		modelSourceOf("hf:someone/Models-GGUF/q4/tiny.gguf#v2", {}).fileName,
		"hf_someone_Models-GGUF_v2_q4_tiny.gguf",
	);
	assert.equal(
		modelSourceOf("hf:someone/Models-GGUF/q4/tiny.gguf#v2", {}).url.href,
		"https://huggingface.co/someone/Models-GGUF/resolve/v2/q4/tiny.gguf",
	);
	assert.equal(modelSourceOf("hf:a/Tiny-GGUF/tiny-q4.gguf", {}).fileName, "hf_a_tiny-q4.gguf");
});

test("MODEL_ENDPOINT, then HF_ENDPOINT, replace huggingface.co (a mirror)", () => {
	const spec = "hf:a/Tiny-GGUF/tiny.gguf";
	assert.equal(
		modelSourceOf(spec, { HF_ENDPOINT: "http://mirror.test:8080/hf" }).url.href,
		"http://mirror.test:8080/hf/a/Tiny-GGUF/resolve/main/tiny.gguf",
	);
	assert.equal(
		huggingFaceEndpoint({ MODEL_ENDPOINT: "http://one.test/", HF_ENDPOINT: "http://two.test/" })
			.href,
		"http://one.test/",
	);
	assert.equal(huggingFaceEndpoint({ HF_ENDPOINT: "not a url" }).href, "https://huggingface.co/");
});

test("a URL is cached under its last path segment, made safe for the file system", () => {
	assert.equal(modelSourceOf("https://example.com/files/m%3A1.gguf?x=1", {}).fileName, "m!1.gguf");
	assert.equal(modelSourceOf("https://example.com/", {}).fileName, "example.com.gguf");
});

test("an hf: URI that names no GGUF file is a ConfigError saying both forms", () => {
	for (const spec of ["hf:Qwen", "hf:a/b/readme.md", "hf:a/b", "hf:a/b:"]) {
		assert.throws(
			() => modelSourceOf(spec, {}),
			(error: unknown) =>
				error instanceof ConfigError &&
				/Use hf:<owner>\/<repository>\/<file>\.gguf .*, hf:<owner>\/<repository>:<quantisation> \(e\.g\. hf:bartowski\/Qwen2\.5-7B-Instruct-GGUF:Q4_K_M\) or hf:<owner>\/<repository> \(its Q4_K_M\), optionally followed by #<revision>\./.test(
					error.message,
				),
		);
	}
});

test("a quant-tag URI, with a tag or without, is told from a file URI, with its revision", () => {
	assert.deepEqual(quantTagUriOf("hf:bartowski/Qwen2.5-7B-Instruct-GGUF:Q4_K_M"), {
		owner: "bartowski",
		repo: "Qwen2.5-7B-Instruct-GGUF",
		tag: "Q4_K_M",
		revision: "main",
	});
	assert.deepEqual(quantTagUriOf("hf:unsloth/Model-GGUF:UD-Q4_K_XL#refs/pr/3"), {
		owner: "unsloth",
		repo: "Model-GGUF",
		tag: "UD-Q4_K_XL",
		revision: "refs/pr/3",
	});
	for (const spec of [
		"hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf",
		"hf:a",
		"hf:a/b:",
		"hf:a/b:Q4 K",
		"https://example.com/a/b:Q4",
	])
		assert.equal(quantTagUriOf(spec), undefined, spec);
	// No tag: the repository's default quantisation (./pick-quant-file.ts).
	assert.deepEqual(quantTagUriOf("hf:a/b"), {
		owner: "a",
		repo: "b",
		tag: undefined,
		revision: "main",
	});
	assert.equal(quantTagUriOf("hf:a/b#v3")?.revision, "v3");
	const uri = quantTagUriOf("hf:a/Tiny-GGUF:q8_0#v2");
	assert.ok(uri);
	assert.equal(fileUriOf(uri, "q8/tiny-q8_0.gguf"), "hf:a/Tiny-GGUF/q8/tiny-q8_0.gguf#v2");
	assert.throws(() => modelSourceOf("hf:a/Tiny-GGUF:q8_0", {}), ConfigError);
});
