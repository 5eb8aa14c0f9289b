#!/usr/bin/env node
// crewkit's command: runs the TypeScript sources directly on Node 24 (type stripping).
const [major] = process.versions.node.split(".").map(Number);
if (major < 24) {
	process.stderr.write(
		`crewkit: needs Node 24 or newer, but this is Node ${process.versions.node}. ` +
			"Run it with npx inside the project (the 'node' dev dependency supplies Node 24) or install Node 24.\n",
	);
	process.exit(1);
}
// Cache compiled modules between runs (Node keeps it under the OS temp folder).
const { enableCompileCache } = await import("node:module");
enableCompileCache?.();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
