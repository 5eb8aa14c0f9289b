import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../../errors.ts";
import { quantTagUriOf } from "./model-source.ts";
import { pickQuantFile, type RepoFile } from "./pick-quant-file.ts";

/** bartowski's Qwen2.5-7B-Instruct-GGUF, abridged, as its listing gives it. */
const bartowski: RepoFile[] = [
	".gitattributes",
	"README.md",
	"Qwen2.5-7B-Instruct-IQ4_XS.gguf",
	"Qwen2.5-7B-Instruct-Q4_0.gguf",
	"Qwen2.5-7B-Instruct-Q4_0_4_4.gguf",
	"Qwen2.5-7B-Instruct-Q4_K_M.gguf",
	"Qwen2.5-7B-Instruct-Q4_K_S.gguf",
	"Qwen2.5-7B-Instruct-Q6_K_L.gguf",
	"Qwen2.5-7B-Instruct-f16.gguf",
	"Qwen2.5-7B-Instruct.imatrix",
].map((path) => ({ path, size: 1000 }));

function uri(spec: string) {
	const parsed = quantTagUriOf(spec);
	assert.ok(parsed, spec);
	return parsed;
}

function pick(tag: string, files: RepoFile[] = bartowski): string {
	return pickQuantFile(uri(`hf:bartowski/Qwen2.5-7B-Instruct-GGUF:${tag}`), files).path;
}

function refusal(tag: string, files: RepoFile[] = bartowski, spec?: string): string {
	try {
		pickQuantFile(uri(spec ?? `hf:bartowski/Qwen2.5-7B-Instruct-GGUF:${tag}`), files);
	} catch (error) {
		assert.ok(error instanceof ConfigError, String(error));
		return error.message;
	}
	assert.fail(`${tag} was not refused`);
}

test("the file carrying the tag is picked, whatever the case", () => {
	assert.equal(pick("Q4_K_M"), "Qwen2.5-7B-Instruct-Q4_K_M.gguf");
	assert.equal(pick("q4_k_m"), "Qwen2.5-7B-Instruct-Q4_K_M.gguf");
	assert.equal(pick("F16"), "Qwen2.5-7B-Instruct-f16.gguf");
	assert.equal(pick("IQ4_XS"), "Qwen2.5-7B-Instruct-IQ4_XS.gguf");
});

test("a tag matches only whole: Q4_0 is not Q4_0_4_4, Q4_XS is not IQ4_XS, Q6_K is not Q6_K_L", () => {
	assert.equal(pick("Q4_0"), "Qwen2.5-7B-Instruct-Q4_0.gguf");
	assert.match(refusal("Q4_XS"), /has no GGUF file tagged Q4_XS/);
	assert.match(refusal("Q6_K"), /has no GGUF file tagged Q6_K\b/);
	assert.match(refusal("Q4_K"), /has no GGUF file tagged Q4_K\./);
});

test("no match names the quantisations the repository has", () => {
	assert.equal(
		refusal("Q5_K_M"),
		"hf:bartowski/Qwen2.5-7B-Instruct-GGUF has no GGUF file tagged Q5_K_M. Its quantisations: F16, IQ4_XS, Q4_0, Q4_0_4_4, Q4_K_M, Q4_K_S, Q6_K_L.",
	);
});

test("several matches are refused with the files to choose from", () => {
	const files = [
		{ path: "Model-Q4_K_M.gguf", size: 1 },
		{ path: "Model-abliterated-Q4_K_M.gguf", size: 1 },
	];
	const message = refusal("Q4_K_M", files, "hf:someone/Model-GGUF:Q4_K_M");
	assert.match(message, /matches 2 GGUF files: Model-Q4_K_M\.gguf, Model-abliterated-Q4_K_M\.gguf/);
	assert.match(
		message,
		/Name the one you want, e\.g\. hf:someone\/Model-GGUF\/Model-Q4_K_M\.gguf\./,
	);
});

test("a split quantisation is refused, naming a single-file one when the repository has it", () => {
	const files = [
		{ path: "Qwen2.5-7B-Instruct-Q4_K_M.gguf", size: 1 },
		{ path: "Q8_0/Qwen2.5-7B-Instruct-Q8_0-00001-of-00002.gguf", size: 1 },
		{ path: "Q8_0/Qwen2.5-7B-Instruct-Q8_0-00002-of-00002.gguf", size: 1 },
	];
	const message = refusal("Q8_0", files, "hf:Qwen/Qwen2.5-7B-Instruct-GGUF:Q8_0");
	assert.match(
		message,
		/:Q8_0 is split into 2 files \(Q8_0\/Qwen2\.5-7B-Instruct-Q8_0-00001-of-00002\.gguf, …\), and crewkit needs a single-file GGUF\./,
	);
	assert.match(
		message,
		/single-file quantisations: Q4_K_M; e\.g\. hf:Qwen\/Qwen2\.5-7B-Instruct-GGUF:Q4_K_M\./,
	);
	const onlySplit = files.slice(1);
	assert.match(
		refusal("Q8_0", onlySplit, "hf:Qwen/Qwen2.5-7B-Instruct-GGUF:Q8_0"),
		/no single-file quantisation: merge the parts with llama\.cpp's llama-gguf-split --merge/,
	);
	assert.match(
		refusal("Q2_K", files, "hf:Qwen/Qwen2.5-7B-Instruct-GGUF:Q2_K"),
		/Its quantisations: Q4_K_M, Q8_0 \(split\)\./,
	);
});

test("a vision projector is not a model; a repository without GGUF files says where to look", () => {
	const files = [
		{ path: "mmproj-Model-F16.gguf", size: 1 },
		{ path: "Model-F16.gguf", size: 1 },
	];
	assert.equal(pickQuantFile(uri("hf:a/Model-GGUF:f16"), files).path, "Model-F16.gguf");
	assert.match(
		refusal("Q4_K_M", [{ path: "model.safetensors", size: 1 }], "hf:a/Model:Q4_K_M#v1"),
		/^hf:a\/Model has no GGUF file at revision v1\. .*whose name ends in -GGUF\.$/,
	);
});

/** What `hf:owner/repo` with no tag picks among `paths`. */
function pickDefault(...paths: string[]): string {
	return pickQuantFile(
		uri("hf:o/Model-GGUF"),
		paths.map((path) => ({ path, size: 1 })),
	).path;
}

test("no tag takes Q4_K_M, as llama.cpp's -hf does", () => {
	assert.equal(
		pickQuantFile(uri("hf:bartowski/Qwen2.5-7B-Instruct-GGUF"), bartowski).path,
		"Qwen2.5-7B-Instruct-Q4_K_M.gguf",
	);
	assert.equal(pickDefault("m-Q8_0.gguf", "m-q4_k_m.gguf", "m-Q4_K_S.gguf"), "m-q4_k_m.gguf");
});

test("no tag and no single-file Q4_K_M: Q8_0, else the first GGUF model by path", () => {
	assert.equal(pickDefault("m-Q2_K.gguf", "m-Q8_0.gguf", "m-F16.gguf"), "m-Q8_0.gguf");
	assert.equal(
		pickDefault(
			"Q4_K_M/m-Q4_K_M-00001-of-00002.gguf",
			"Q4_K_M/m-Q4_K_M-00002-of-00002.gguf",
			"m-Q8_0.gguf",
		),
		"m-Q8_0.gguf",
		"a split Q4_K_M is passed over",
	);
	assert.equal(
		pickDefault("mmproj-m-F16.gguf", "m-imatrix.gguf", "m-Q6_K.gguf", "m-IQ4_XS.gguf", "README.md"),
		"m-IQ4_XS.gguf",
		"projectors and importance matrices are not models",
	);
	assert.equal(pickDefault("b.gguf", "a.gguf"), "a.gguf");
});

test("no tag in a repository with nothing crewkit can load lists the quantisations there are", () => {
	const files = [
		"Q4_K_M/m-Q4_K_M-00001-of-00002.gguf",
		"Q4_K_M/m-Q4_K_M-00002-of-00002.gguf",
		"m-Q8_0-00001-of-00002.gguf",
		"m-Q8_0-00002-of-00002.gguf",
	].map((path) => ({ path, size: 1 }));
	assert.equal(
		refusal("", files, "hf:o/Model-GGUF#v2"),
		"hf:o/Model-GGUF names no quantisation, and the repository has no single-file GGUF at revision v2 for crewkit to load: its quantisations are Q4_K_M (split), Q8_0 (split). Merge the parts of one with llama.cpp's llama-gguf-split --merge and use local:<merged.gguf>.",
	);
	assert.match(
		refusal("", [{ path: "model.safetensors", size: 1 }], "hf:o/Model"),
		/^hf:o\/Model has no GGUF file\. /,
	);
});

test("no tag with two single Q4_K_M files asks which one", () => {
	assert.match(
		refusal(
			"",
			[
				{ path: "m-Q4_K_M.gguf", size: 1 },
				{ path: "m-abliterated-Q4_K_M.gguf", size: 1 },
			],
			"hf:o/M",
		),
		/^hf:o\/M:Q4_K_M matches 2 GGUF files: m-Q4_K_M\.gguf, m-abliterated-Q4_K_M\.gguf\. Name the one you want/,
	);
});
