import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../../errors.ts";
import { modelCatalog } from "./model-catalog.ts";
import { huggingFaceEndpoint, modelSourceOf } from "./model-source.ts";

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

test("an hf: URI that names no GGUF file is a ConfigError saying the form", () => {
	for (const spec of ["hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF:Q4_K_M", "hf:Qwen", "hf:a/b/readme.md"]) {
		assert.throws(
			() => modelSourceOf(spec, {}),
			(error: unknown) =>
				error instanceof ConfigError &&
				/Use hf:<owner>\/<repository>\/<file>\.gguf/.test(error.message),
		);
	}
});
