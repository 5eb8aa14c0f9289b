import assert from "node:assert/strict";
import { test } from "node:test";
import {
	chooseDefaultModel,
	type MachineResources,
	memoryNeeded,
	memoryShare,
} from "./choose-default-model.ts";
import {
	type CatalogModel,
	findCatalogModel,
	kvBytesPerToken,
	modelCatalog,
} from "./model-catalog.ts";

const GB = 1e9;
const laptop: MachineResources = {
	totalMemory: 16 * GB,
	freeMemory: 12 * GB,
	cores: 2,
	gpu: false,
};

function model(name: string): CatalogModel {
	const found = findCatalogModel(name);
	assert.ok(found, name);
	return found;
}

/** Free memory at which `model` fits with exactly `tokens` of context, plus `extra` bytes. */
function freeFor(name: string, tokens: number, extra = 0): number {
	return (memoryNeeded(model(name), tokens) + extra) / memoryShare;
}

test("a laptop with 2 cores and no GPU gets the 1.5B model with an 8,192-token context, and is told why", () => {
	const choice = chooseDefaultModel(laptop);
	assert.equal(choice.model.name, "qwen2.5-1.5b");
	assert.equal(choice.contextSize, 8192);
	assert.equal(choice.gpu, false);
	assert.equal(
		choice.reason,
		"qwen2.5-1.5b (8,192-token context) on the CPU: 2 cores, 12.0 GB of memory free, no GPU; qwen2.5-7b needs 8 cores or a GPU",
	);
});

test("8 cores and enough memory run the 7B model on the CPU", () => {
	const choice = chooseDefaultModel({ ...laptop, cores: 8, freeMemory: 32 * GB });
	assert.equal(choice.model.name, "qwen2.5-7b");
	assert.equal(choice.contextSize, 8192);
	assert.equal(choice.gpu, false);
	assert.match(choice.reason, /^qwen2\.5-7b \(8,192-token context\) on the CPU: 8 cores/);
});

test("8 cores without the memory for the 7B model fall back to the 1.5B, saying what the 7B needs", () => {
	const choice = chooseDefaultModel({ ...laptop, cores: 8, freeMemory: 4 * GB });
	assert.equal(choice.model.name, "qwen2.5-1.5b");
	assert.match(choice.reason, /; qwen2\.5-7b needs 6\.\d GB free$/);
});

test("a GPU with room runs the 7B model there, whatever the cores", () => {
	const choice = chooseDefaultModel({ ...laptop, gpu: { type: "cuda", freeMemory: 12 * GB } });
	assert.equal(choice.model.name, "qwen2.5-7b");
	assert.equal(choice.gpu, true);
	assert.equal(choice.contextSize, 8192);
	assert.equal(choice.reason, "qwen2.5-7b (8,192-token context) on the cuda GPU: 12.0 GB free");
});

test("a small GPU runs the largest model that fits it", () => {
	const choice = chooseDefaultModel({ ...laptop, gpu: { type: "metal", freeMemory: 3 * GB } });
	assert.equal(choice.model.name, "qwen2.5-1.5b");
	assert.equal(choice.gpu, true);
	assert.match(
		choice.reason,
		/on the metal GPU: 3\.0 GB free; qwen2\.5-7b needs 8 cores or a GPU$/,
	);
});

test("a GPU too small for any model leaves the choice to the CPU", () => {
	const choice = chooseDefaultModel({ ...laptop, gpu: { type: "vulkan", freeMemory: 0.5 * GB } });
	assert.equal(choice.model.name, "qwen2.5-1.5b");
	assert.equal(choice.gpu, false);
	assert.match(choice.reason, /on the CPU: 2 cores, 12\.0 GB of memory free;/);
	assert.doesNotMatch(choice.reason, /no GPU/);
});

test("the context shrinks, in steps of 1,024 tokens, to what the free memory holds", () => {
	const fiveK = chooseDefaultModel({ ...laptop, freeMemory: freeFor("qwen2.5-1.5b", 5120, 1000) });
	assert.equal(fiveK.model.name, "qwen2.5-1.5b");
	assert.equal(fiveK.contextSize, 5120);
	const justUnder = chooseDefaultModel({
		...laptop,
		freeMemory: freeFor("qwen2.5-1.5b", 5120, -1000),
	});
	assert.equal(justUnder.contextSize, 4096);
});

test("the 1.5B model is chosen from exactly the memory a 2,048-token context needs; below it, the 0.5B", () => {
	const kv = kvBytesPerToken(model("qwen2.5-1.5b"));
	const at = chooseDefaultModel({ ...laptop, freeMemory: freeFor("qwen2.5-1.5b", 2048, kv / 2) });
	assert.equal(at.model.name, "qwen2.5-1.5b");
	assert.equal(at.contextSize, 2048);
	const below = chooseDefaultModel({ ...laptop, freeMemory: freeFor("qwen2.5-1.5b", 2048, -kv) });
	assert.equal(below.model.name, "qwen2.5-0.5b");
	assert.equal(below.contextSize, 8192);
	assert.match(
		below.reason,
		/; qwen2\.5-7b needs 8 cores or a GPU; qwen2\.5-1\.5b needs 2\.0 GB free$/,
	);
});

test("when nothing fits, the smallest model with the smallest context, and advice", () => {
	const choice = chooseDefaultModel({ ...laptop, cores: 1, freeMemory: 0.5 * GB });
	assert.equal(choice.model.name, "qwen2.5-0.5b");
	assert.equal(choice.contextSize, 2048);
	assert.equal(choice.gpu, false);
	assert.equal(
		choice.reason,
		"qwen2.5-0.5b (2,048-token context), though only 500.0 MB of memory is free and it needs about 1.1 GB: close other programs, or use a model server (--model ollama:qwen2.5)",
	);
});

test("one core is one core; a model's trained context caps the context", () => {
	const short: CatalogModel = { ...model("qwen2.5-0.5b"), name: "short", nativeContext: 4096 };
	const choice = chooseDefaultModel({ ...laptop, cores: 1 }, [short]);
	assert.equal(choice.contextSize, 4096);
	assert.match(choice.reason, /on the CPU: 1 core, /);
});

test("the list is sorted by size whatever its order, and an empty list is a programming error", () => {
	assert.equal(
		chooseDefaultModel({ ...laptop, cores: 8, freeMemory: 32 * GB }, [...modelCatalog].reverse())
			.model.name,
		"qwen2.5-7b",
	);
	assert.throws(() => chooseDefaultModel(laptop, []), /at least one model/);
});

test("the documented list: Apache-2.0, smallest first, each with a source, size and shape", () => {
	assert.deepEqual(
		modelCatalog.map((entry) => entry.name),
		["qwen2.5-0.5b", "qwen2.5-1.5b", "qwen2.5-7b"],
	);
	for (const entry of modelCatalog) {
		assert.equal(entry.licence, "Apache-2.0");
		assert.match(entry.source, /^hf:[^/]+\/[^/]+\/[^/]+\.gguf$/);
		assert.ok(entry.bytes > 0 && entry.nativeContext >= 8192 && entry.why.length > 20);
	}
	assert.equal(kvBytesPerToken(model("qwen2.5-1.5b")), 28_672);
});
