/**
 * Import cost: what `import "crewkit"` (and each subpath of the package's `exports`) adds
 * to a bare Node process, in time and resident memory, on the compiled package (dist/, as
 * a user installs it; `npm run bench` builds it first, and so does this file when dist/ is
 * missing). Each entry is imported in a
 * new process every run, round-robin, after one untimed warm-up run of each.
 *
 *   node bench/import-cost.bench.ts [--quick] [--runs 10] [--before <git ref>]
 *
 * `--before REF` adds the root entry of the package as it was at REF (its tree exported with
 * `git archive` to a temporary folder and built there), measured in the same run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import {
	type BenchResult,
	commandLine,
	publishResult,
	type Ratio,
} from "./support/bench-result.ts";
import { formatNumber, formatRatio, formatSpread } from "./support/format.ts";
import { benchDir } from "./support/frameworks.ts";
import { median, spread } from "./support/statistics.ts";

const { values } = parseArgs({
	options: {
		quick: { type: "boolean", default: false },
		runs: { type: "string" },
		before: { type: "string" },
	},
});
const runs = Number(values.runs ?? (values.quick ? 5 : 10));
const rootDir = join(benchDir, "..");

if (!existsSync(join(rootDir, "dist", "index.js"))) {
	const tsc = join(rootDir, "node_modules", "typescript", "bin", "tsc");
	const built = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
		cwd: rootDir,
		stdio: "inherit",
	});
	if (built.status !== 0) throw new Error("npm run build (tsc -p tsconfig.build.json) failed");
}

interface ExportTarget {
	default: string;
}
const manifest = JSON.parse(readFileSync(join(rootDir, "package.json"), "utf8")) as {
	exports: Record<string, ExportTarget | string>;
};
const entries = Object.entries(manifest.exports)
	.filter((entry): entry is [string, ExportTarget] => typeof entry[1] === "object")
	.map(([subpath, target]) => ({
		name: subpath === "." ? "crewkit" : `crewkit/${subpath.slice(2)}`,
		url: pathToFileURL(join(rootDir, target.default)).href,
	}));
const bare = { name: "bare node", url: "" };
const zod = { name: "zod alone (loads with crewkit's first schema)", url: "zod" };

/** The package built at `ref` in a temporary folder (removed at exit): its root entry's URL. */
function buildAt(ref: string): string {
	const folder = mkdtempSync(join(tmpdir(), "crewkit-before-"));
	process.on("exit", () => rmSync(folder, { recursive: true, force: true }));
	const exported = spawnSync(
		"sh",
		["-c", `git archive --format=tar "$0" | tar -x -C "$1"`, ref, folder],
		{
			cwd: rootDir,
			encoding: "utf8",
		},
	);
	if (exported.status !== 0)
		throw new Error(`git archive ${ref} failed: ${exported.stderr.trim()}`);
	symlinkSync(join(rootDir, "node_modules"), join(folder, "node_modules"), "dir");
	const tsc = join(rootDir, "node_modules", "typescript", "bin", "tsc");
	const built = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
		cwd: folder,
		encoding: "utf8",
	});
	if (built.status !== 0) throw new Error(`building ${ref} failed: ${built.stdout.trim()}`);
	return pathToFileURL(join(folder, "dist", "index.js")).href;
}
const before = values.before
	? [{ name: `crewkit at ${values.before} (before)`, url: buildAt(values.before) }]
	: [];

/** One new process: the import's own time, the process's wall time and its RSS after. */
function measure(url: string): {
	importMs: number;
	wallMs: number;
	rssMb: number;
	modules: number;
} {
	const script = `
		const started = performance.now();
		${url ? `await import(${JSON.stringify(url)});` : ""}
		const importMs = performance.now() - started;
		process.stdout.write(JSON.stringify({ importMs, rssMb: process.memoryUsage().rss / 2 ** 20 }));`;
	const started = performance.now();
	const child = spawnSync(process.execPath, ["--input-type=module", "--eval", script], {
		cwd: rootDir,
		encoding: "utf8",
	});
	const wallMs = performance.now() - started;
	if (child.status !== 0) throw new Error(`importing ${url} failed: ${child.stderr.trim()}`);
	return { ...JSON.parse(child.stdout), wallMs, modules: 0 };
}

/** How many modules (files and built-ins) importing `url` loads, seen by a loader hook. */
function moduleCount(url: string): { total: number; packages: string[] } {
	const script = `
		import { registerHooks } from "node:module";
		const loaded = [];
		registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
		${url ? `await import(${JSON.stringify(url)});` : ""}
		process.stdout.write(JSON.stringify(loaded));`;
	const child = spawnSync(process.execPath, ["--input-type=module", "--eval", script], {
		cwd: rootDir,
		encoding: "utf8",
		maxBuffer: 64 * 2 ** 20,
	});
	const loaded = JSON.parse(child.stdout) as string[];
	const packages = new Set(
		loaded.flatMap((file) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1] ?? []),
	);
	return { total: loaded.length, packages: [...packages].sort() };
}

const all = [bare, ...entries, ...before, zod];
const samples = new Map(all.map((entry) => [entry.name, [] as ReturnType<typeof measure>[]]));
for (const entry of all) measure(entry.url);
for (let round = 0; round < runs; round++) {
	for (const entry of all) samples.get(entry.name)?.push(measure(entry.url));
}

const of = (name: string, key: "importMs" | "wallMs" | "rssMb") =>
	(samples.get(name) ?? []).map((sample) => sample[key]);
const bareRss = median(of(bare.name, "rssMb"));
const bareWall = median(of(bare.name, "wallMs"));
const rows = all.map((entry) => {
	const counted = entry.url ? moduleCount(entry.url) : { total: 0, packages: [] };
	const rss = median(of(entry.name, "rssMb"));
	const wall = median(of(entry.name, "wallMs"));
	return {
		entry,
		row: [
			entry.name,
			formatSpread(spread(of(entry.name, "importMs")), 0),
			formatNumber(wall - bareWall, 0),
			formatNumber(rss, 0),
			formatNumber(rss - bareRss, 1),
			entry.url ? String(counted.total) : "–",
			counted.packages.join(", ") || "–",
		],
		rssOver: rss - bareRss,
		wallOver: wall - bareWall,
	};
});

const root = rows.find((row) => row.entry.name === "crewkit");
const ratios: Ratio[] = root
	? [
			{
				label: "import crewkit, RSS over bare node (MB; target ≤ 25)",
				value: root.rssOver,
				text: `${formatNumber(root.rssOver, 1)} MB`,
			},
			{
				label: "import crewkit, process wall time over bare node (ms; target ≤ 150)",
				value: root.wallOver,
				text: `${formatNumber(root.wallOver, 0)} ms`,
			},
			{
				label: "import crewkit / bare node, process wall time",
				value: (bareWall + root.wallOver) / bareWall,
				text: formatRatio((bareWall + root.wallOver) / bareWall),
			},
		]
	: [];

const result: BenchResult = {
	name: "import-cost",
	title: "Import cost of the package (root entry and each subpath)",
	command: commandLine(),
	method: `${runs} runs per entry after one warm-up, round-robin, each a new process of this Node (${process.version}) running \`await import(entry)\` on the compiled package (dist/); RSS is read right after the import, wall time is spawn to exit. Module counts come from one extra run with a loader hook.`,
	tables: [
		{
			title: "Per entry (medians)",
			columns: [
				"entry",
				"import ms (min–max)",
				"wall ms over bare",
				"RSS MB",
				"RSS MB over bare",
				"modules",
				"packages loaded",
			],
			rows: rows.map((row) => row.row),
		},
	],
	notes: [],
	ratios,
	data: Object.fromEntries(samples),
};
publishResult(result);
