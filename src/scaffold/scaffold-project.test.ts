import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseCrewYaml } from "../config/load-crew-yaml.ts";
import { scaffoldProject } from "./scaffold-project.ts";

const crewkit = {
	root: "/opt/crewkit",
	version: "0.1.0",
	dependency: "file:/opt/crewkit",
	zodVersion: "4.6.7",
	nodeVersion: "24.21.0",
};

test("writes the template with the project's name and a package.json of its own", async () => {
	const folder = join(await mkdtemp(join(tmpdir(), "crewkit-scaffold-")), "briefing-crew");
	const files = await scaffoldProject({ name: "briefing-crew", folder, crewkit });
	assert.deepEqual(files, [
		".gitignore",
		"README.md",
		"agents.yaml",
		"crew.ts",
		"notes/customer-interviews.md",
		"notes/launch-plan.md",
		"notes/risks.md",
		"package.json",
		"src/tools/search-notes.ts",
		"tasks.yaml",
		"test/calls.json",
		"test/crew.test.ts",
		"test/search-notes.test.ts",
		"tsconfig.json",
	]);
	const manifest = JSON.parse(await readFile(join(folder, "package.json"), "utf8"));
	assert.equal(manifest.name, "briefing-crew");
	assert.deepEqual(manifest.dependencies, { crewkit: "file:/opt/crewkit", zod: "4.6.7" });
	assert.deepEqual(manifest.devDependencies, { node: "24.21.0" });
	assert.equal(
		manifest.scripts.test,
		'node --conditions=crewkit-source --test "test/**/*.test.ts"',
		"a project linked to a checkout runs its sources",
	);
	const published = join(await mkdtemp(join(tmpdir(), "crewkit-scaffold-")), "published");
	await scaffoldProject({
		name: "published",
		folder: published,
		crewkit: { ...crewkit, dependency: "^0.1.0" },
	});
	const publishedManifest = JSON.parse(await readFile(join(published, "package.json"), "utf8"));
	assert.equal(publishedManifest.scripts.test, 'node --test "test/**/*.test.ts"');
	const readme = await readFile(join(folder, "README.md"), "utf8");
	assert.match(readme, /^# briefing-crew\n/);
	assert.ok(!readme.includes("{{name}}"));
	const spec = parseCrewYaml({
		agents: { path: "agents.yaml", text: await readFile(join(folder, "agents.yaml"), "utf8") },
		tasks: { path: "tasks.yaml", text: await readFile(join(folder, "tasks.yaml"), "utf8") },
	});
	assert.deepEqual(
		spec.agents.map((agent) => [agent.name, agent.tools]),
		[
			["note_reader", ["search_notes"]],
			["brief_writer", []],
		],
	);
});

test("an empty folder is fine; a folder with files is not", async () => {
	const base = await mkdtemp(join(tmpdir(), "crewkit-scaffold-"));
	await mkdir(join(base, "empty"));
	await scaffoldProject({ name: "empty", folder: join(base, "empty"), crewkit });
	await mkdir(join(base, "used"));
	await writeFile(join(base, "used", "notes.txt"), "mine");
	await assert.rejects(
		scaffoldProject({ name: "used", folder: join(base, "used"), crewkit }),
		/already exists and is not empty/,
	);
	await assert.rejects(
		scaffoldProject({ name: "-bad", folder: join(base, "bad"), crewkit }),
		/'-bad' is not a valid project name/,
	);
});
