import assert from "node:assert/strict";
import { test } from "node:test";
import { formatBytes, formatProgressBar } from "./format-progress-bar.ts";

test("draws the bar, percentage and sizes", () => {
	assert.equal(formatProgressBar(0, 1_000_000, 10), "[>         ]   0%  0 B / 1.0 MB");
	assert.equal(formatProgressBar(500_000, 1_000_000, 10), "[=====>    ]  50%  500.0 kB / 1.0 MB");
	assert.equal(formatProgressBar(1_000_000, 1_000_000, 10), "[==========] 100%  1.0 MB / 1.0 MB");
});

test("keeps the bar width whatever the progress", () => {
	for (const downloaded of [0, 1, 333, 999, 1000, 5000]) {
		const bar = formatProgressBar(downloaded, 1000, 20);
		assert.equal(bar.indexOf("]"), 21, bar);
	}
});

test("clamps progress past the total and odd widths", () => {
	assert.equal(formatProgressBar(2000, 1000, 4), "[====] 100%  2.0 kB / 1.0 kB");
	assert.equal(formatProgressBar(-5, 1000, 0), "[>]   0%  0 B / 1.0 kB");
});

test("shows only the bytes so far when the total is unknown", () => {
	assert.equal(formatProgressBar(1_500_000, 0, 5), "[     ]  1.5 MB");
	assert.equal(formatProgressBar(10, Number.NaN, 3), "[   ]  10 B");
});

test("formats bytes in decimal units", () => {
	assert.equal(formatBytes(999), "999 B");
	assert.equal(formatBytes(1000), "1.0 kB");
	assert.equal(formatBytes(1_120_000_000), "1.1 GB");
});
