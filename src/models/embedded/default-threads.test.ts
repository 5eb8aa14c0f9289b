import assert from "node:assert/strict";
import { test } from "node:test";
import { countPhysicalCores, defaultThreads, maxDefaultThreads } from "./default-threads.ts";

test("one thread per physical core: hyperthreads count once", () => {
	assert.equal(defaultThreads({ logicalCores: 8, physicalCores: 4 }), 4);
	assert.equal(defaultThreads({ logicalCores: 2, physicalCores: 2 }), 2);
});

test("never more threads than the cores this process may use (a container's limit)", () => {
	assert.equal(defaultThreads({ logicalCores: 2, physicalCores: 16 }), 2);
});

test("unknown physical cores fall back to the usable cores; at most 8, at least 1", () => {
	assert.equal(defaultThreads({ logicalCores: 3, physicalCores: undefined }), 3);
	assert.equal(defaultThreads({ logicalCores: 64, physicalCores: 32 }), maxDefaultThreads);
	assert.equal(maxDefaultThreads, 8);
	assert.equal(defaultThreads({ logicalCores: 0, physicalCores: undefined }), 1);
});

test("never node-llama-cpp's 4 on a 2-core machine", () => {
	assert.equal(defaultThreads({ logicalCores: 2, physicalCores: undefined }), 2);
	assert.ok(defaultThreads() >= 1);
});

test("physical cores are the distinct (physical id, core id) pairs of /proc/cpuinfo", () => {
	const cpu = (processor: number, physical: number, core: number) =>
		`processor\t: ${processor}\nmodel name\t: Test CPU\nphysical id\t: ${physical}\nsiblings\t: 4\ncore id\t\t: ${core}\ncpu cores\t: 2\n`;
	const twoCoresFourThreads = [cpu(0, 0, 0), cpu(1, 0, 1), cpu(2, 0, 0), cpu(3, 0, 1)].join("\n");
	assert.equal(countPhysicalCores(twoCoresFourThreads), 2);
	const twoSockets = [cpu(0, 0, 0), cpu(1, 1, 0)].join("\n");
	assert.equal(countPhysicalCores(twoSockets), 2);
	assert.equal(countPhysicalCores("processor\t: 0\nmodel name\t: ARM\n"), undefined);
	assert.equal(countPhysicalCores(""), undefined);
});
