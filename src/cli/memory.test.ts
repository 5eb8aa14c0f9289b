import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openMemoryStore } from "../memory/memory-store.ts";
import type { CliIo } from "./io.ts";
import { main } from "./main.ts";

async function cli() {
	const cwd = await mkdtemp(join(tmpdir(), "crewkit-memory-cli-"));
	const output = { out: "", err: "" };
	const io: CliIo = {
		out: (text) => {
			output.out += text;
		},
		err: (text) => {
			output.err += text;
		},
		interactive: false,
		cwd,
		env: {},
	};
	const run = async (...args: string[]) => {
		output.out = "";
		output.err = "";
		const code = await main(["memory", ...args], io);
		return { code, ...output };
	};
	return { cwd, run, db: join(cwd, ".crewkit/memory.db") };
}

test("reading commands on a workspace without memories say so and create nothing", async () => {
	const { run, db } = await cli();
	for (const args of [["list"], ["search", "Lutz"], ["reset"]]) {
		const result = await run(...args);
		assert.equal(result.code, 0);
		assert.match(result.out, /No memories yet .*crewkit run --memory/);
	}
	assert.equal(existsSync(db), false);
});

test("add, list, search, forget and reset, by crew", async () => {
	const { run, db } = await cli();
	assert.equal(
		(await run("add", "Use British spelling.", "--crew", "history", "--preference")).code,
		0,
	);
	const store = openMemoryStore(db, { env: {} });
	store.add({
		crew: "history",
		agent: "historian",
		kind: "result",
		subject: "capital_task",
		text: "The capital of Zubrowka is Lutz.",
	});
	store.add({ crew: "other", kind: "note", text: "Lutz is also a surname." });
	store.close();

	const list = await run("list", "--crew", "history");
	assert.equal(list.code, 0);
	assert.match(list.out, /^id\s+crew\s+agent\s+kind\s+seen\s+summary\n/);
	assert.match(
		list.out,
		/\n2\s+history\s+historian\s+result:capital_task\s+\d{4}-\d\d-\d\d\s+The capital of Zubrowka is Lutz\./,
	);
	assert.match(list.out, /\n1\s+history\s+-\s+preference\s+/);
	assert.doesNotMatch(list.out, /surname/);

	const search = JSON.parse((await run("search", "capital", "Lutz", "--json")).out);
	assert.deepEqual(
		search.map((memory: { id: number }) => memory.id),
		[2, 3],
	);
	assert.ok(search[0].score > 0);

	assert.match((await run("forget", "2")).out, /Forgot memory 2\./);
	const missing = await run("forget", "2");
	assert.equal(missing.code, 1);
	assert.match(missing.err, /There is no memory 2/);
	assert.match((await run("reset", "--crew", "other")).out, /Forgot 1 memory of crew 'other'\./);
	assert.equal(JSON.parse((await run("list", "--json")).out).length, 1);
	assert.match((await run("reset")).out, /Forgot 1 memory\./);
});

test("mistakes get one clear line", async () => {
	const { run } = await cli();
	assert.match((await run("search")).err, /needs a query/);
	assert.match((await run("forget", "abc")).err, /takes one memory id/);
	assert.match((await run("add", "text only")).err, /needs a text and a crew/);
	assert.match((await run("purge")).err, /unknown command 'purge'/);
	assert.match((await run("--help")).out, /Usage: crewkit memory/);
});
