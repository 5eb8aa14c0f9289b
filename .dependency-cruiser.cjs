/**
 * The import graph stays a tree: `npm test` runs `depcruise` with this rule. Type-only
 * imports count (a type shared both ways is a circle a reader has to untangle too), and so
 * do dynamic `import()`s.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
	forbidden: [
		{
			name: "no-circular",
			severity: "error",
			comment: "Import circles: move what both sides need into a file of its own.",
			from: {},
			to: { circular: true },
		},
	],
	options: {
		doNotFollow: { path: "node_modules" },
		exclude: { path: "node_modules" },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: "tsconfig.json" },
		moduleSystems: ["es6"],
	},
};
