#!/usr/bin/env node
// crewkit's command. Installed (inside a node_modules folder) it runs the compiled
// JavaScript in dist/; in a git checkout it runs the TypeScript sources directly
// (CREWKIT_DIST=1 runs a checkout's dist/ instead, after `npm run build`).
// Plain JavaScript that any Node parses, so an old Node gets one clear line, not a stack.
import { fileURLToPath } from "node:url";

const required = [22, 13];
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < required[0] || (major === required[0] && minor < required[1])) {
	process.stderr.write(
		`crewkit needs Node ${required.join(".")} or newer (Node 24 recommended); this is Node ${process.versions.node}. ` +
			"Get it from https://nodejs.org or your version manager (nvm install 24), or run: npx -p node@24 -p crewkit crewkit\n",
	);
	process.exit(1);
}

const installed =
	/[\\/]node_modules[\\/]/.test(fileURLToPath(import.meta.url)) || process.env.CREWKIT_DIST === "1";
if (!installed && !process.features.typescript) {
	process.stderr.write(
		`A crewkit checkout runs its TypeScript sources directly, which this Node (${process.versions.node}) cannot. ` +
			"Run it with npx inside the checkout: the 'node' dev dependency supplies Node 24.\n",
	);
	process.exit(1);
}

// node:sqlite (the run store) is stable in use but still flagged experimental by Node 22-24:
// its one-time warning would stand before every command's output, so it alone is dropped.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
	const type = typeof rest[0] === "string" ? rest[0] : rest[0]?.type;
	if (type === "ExperimentalWarning" && /SQLite/.test(String(warning))) return;
	emitWarning.call(process, warning, ...rest);
};

const { enableCompileCache, registerHooks } = await import("node:module");
// Cache compiled modules between runs (Node keeps it under the OS temp folder).
enableCompileCache?.();
if (!installed) {
	// In a checkout the name "crewkit" (the project template imports it) means the sources too.
	registerHooks({
		resolve: (specifier, context, next) =>
			next(specifier, { ...context, conditions: [...context.conditions, "crewkit-source"] }),
	});
}
const { main } = await import(installed ? "../dist/cli/main.js" : "../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
