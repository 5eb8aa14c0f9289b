import assert from "node:assert/strict";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { findCrewkitPackage } from "./crewkit-package.ts";

async function fakeCrewkit(folder: string): Promise<string> {
	await mkdir(join(folder, "src/scaffold"), { recursive: true });
	await writeFile(
		join(folder, "package.json"),
		JSON.stringify({
			name: "crewkit",
			version: "1.2.3",
			dependencies: { zod: "4.6.7" },
			devDependencies: { node: "24.21.0" },
		}),
	);
	return join(folder, "src/scaffold/crewkit-package.ts");
}

test("a checkout is linked by file:, a published crewkit by its version", async () => {
	const base = await mkdtemp(join(tmpdir(), "crewkit-package-"));
	const checkout = await findCrewkitPackage(await fakeCrewkit(join(base, "crewkit")));
	assert.deepEqual(checkout, {
		root: join(base, "crewkit"),
		version: "1.2.3",
		dependency: `file:${join(base, "crewkit")}`,
		zodVersion: "4.6.7",
		nodeVersion: "24.21.0",
	});
	const installed = await findCrewkitPackage(
		await fakeCrewkit(join(base, "app/node_modules/crewkit")),
	);
	assert.equal(installed.dependency, "^1.2.3");
});

test("this module finds the crewkit it belongs to", async () => {
	const found = await findCrewkitPackage();
	assert.match(found.dependency, /^file:\//);
	assert.match(found.zodVersion, /^4\./);
});
