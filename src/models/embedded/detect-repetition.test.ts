import assert from "node:assert/strict";
import { test } from "node:test";
import { endsInRepetition } from "./detect-repetition.ts";

test("a token repeated over and over is a loop", () => {
	assert.equal(endsInRepetition(`Once upon a time ${"the ".repeat(40)}`), true);
	assert.equal(endsInRepetition("a".repeat(64)), true);
});

test("a sentence repeated eight times is a loop; seven times is not yet", () => {
	const sentence = "The cat sat on the mat and looked at the door. ";
	assert.equal(endsInRepetition(`Intro. ${sentence.repeat(8)}`), true);
	assert.equal(endsInRepetition(`Intro. ${sentence.repeat(7)}`), false);
});

test("short repeats under 64 characters are not a loop", () => {
	assert.equal(endsInRepetition("ab".repeat(31)), false);
	assert.equal(endsInRepetition("ab".repeat(32)), true);
});

test("ordinary prose, lists and tables are not loops", () => {
	const prose =
		"Open models closed much of the gap in 2025 [1]. Context windows grew past a million tokens [2]. " +
		"Small models ran on laptops, and agents learned to use tools [3].";
	assert.equal(endsInRepetition(prose), false);
	assert.equal(
		endsInRepetition("- one\n- two\n- three\n- four\n- five\n- six\n- seven\n- eight\n"),
		false,
	);
	assert.equal(endsInRepetition("| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n"), false);
	assert.equal(endsInRepetition(""), false);
});

test("only the end counts: a loop that was left behind is not one", () => {
	assert.equal(endsInRepetition(`${"la ".repeat(40)}and then the song ended.`), false);
});
