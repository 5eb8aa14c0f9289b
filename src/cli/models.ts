import { stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { CancelledError, ConfigError } from "../errors.ts";
import type { CatalogModel, DefaultModelChoice } from "../models/embedded/index.ts";
import type { Command } from "./command.ts";
import { downloadProgress } from "./download-progress.ts";
import type { CliIo } from "./io.ts";

export const command: Command = {
	usage: `Usage: crewkit models [--json]
       crewkit models pull <name | default | hf:owner/repo/file.gguf | hf:owner/repo[:QUANT]>

Lists the models local:default chooses from (all Qwen2.5 Instruct, 4-bit GGUF,
Apache-2.0), which of them are downloaded and where, and which one this machine
gets and why: the largest that fits the free memory with a context of at least
2,048 tokens and runs fast enough here (the 7B needs 8 cores or a GPU).

'pull' downloads one now, with a progress bar, instead of at the first run; it
also takes any Hugging Face GGUF, by file or by quantisation (hf:owner/repo:Q4_K_M
picks the repository's one file tagged Q4_K_M, and remembers it for offline runs;
hf:owner/repo alone takes Q4_K_M, else Q8_0, else its first GGUF, as llama.cpp's -hf).
An interrupted download (Ctrl-C, a dropped connection) resumes where it stopped.
A download is checked before use: size, GGUF header and SHA-256 (pinned by
crewkit, or as the Hugging Face endpoint announces it).

Environment:
  CREWKIT_CACHE_DIR   where models are kept (default ~/.cache/crewkit/models)
  HF_ENDPOINT         a Hugging Face mirror to download from (also MODEL_ENDPOINT)
  HF_TOKEN            a Hugging Face access token for gated and private repositories
                      (else HUGGING_FACE_HUB_TOKEN); sent to that endpoint only

Options:
  --json   print the list, the cache folder and the choice as JSON`,

	async run(args, io) {
		const { values, positionals } = parseArgs({
			args,
			allowPositionals: true,
			options: { json: { type: "boolean", default: false } },
		});
		const [action = "list", name, ...extra] = positionals;
		if (action === "list" && !name) return listModels(io, values.json);
		if (action === "pull" && name && extra.length === 0) return pullModel(io, name);
		throw new ConfigError(
			"crewkit models takes no argument (list) or 'pull <name>'. See crewkit models --help.",
		);
	},
};

async function listModels(io: CliIo, json: boolean): Promise<number> {
	const embedded = await import("../models/embedded/index.ts");
	const cacheDir = embedded.defaultModelCacheDir(io.env);
	const access = embedded.huggingFaceAccess(io.env);
	const choice = embedded.chooseDefaultModel(await embedded.readMachineResources());
	const threads = embedded.defaultThreads();
	const models = await Promise.all(
		embedded.modelCatalog.map(async (model) => {
			const file = path.join(cacheDir, embedded.modelSourceOf(model.source, io.env).fileName);
			const downloaded = (await stat(file).catch(() => undefined))?.isFile() ?? false;
			return { model, file, downloaded };
		}),
	);
	if (json) {
		const list = models.map(({ model, file, downloaded }) => ({
			...model,
			downloaded,
			file,
		}));
		const chosen = {
			name: choice.model.name,
			contextSize: choice.contextSize,
			gpu: choice.gpu,
			reason: choice.reason,
		};
		// The variable the token comes from, never the token.
		const huggingFace = { endpoint: access.endpoint.href, token: access.token?.variable ?? null };
		io.out(
			`${JSON.stringify({ cacheDir, models: list, default: chosen, threads, huggingFace }, null, 2)}\n`,
		);
		return 0;
	}
	const { formatBytes } = await import("../models/embedded/format-progress-bar.ts");
	const rows = [
		["", "name", "size", "context", "licence", "downloaded"],
		...models.map(({ model, downloaded }) => [
			model === choice.model ? "*" : "",
			model.name,
			formatBytes(model.bytes),
			model.nativeContext.toLocaleString("en-US"),
			model.licence,
			downloaded ? "yes" : "no",
		]),
	];
	const widths = rows[0]?.map((_, column) =>
		Math.max(...rows.map((row) => row[column]?.length ?? 0)),
	);
	const lines = rows.map((row) =>
		row
			.map((cell, column) => cell.padEnd(widths?.[column] ?? 0))
			.join("  ")
			.trimEnd(),
	);
	io.out(`${lines.join("\n")}\n\n`);
	for (const { model } of models) {
		const check = model.sha256
			? `SHA-256 pinned by crewkit: ${model.sha256}`
			: "SHA-256 as Hugging Face announces it";
		io.out(`${model.name}: ${model.why}.\n  ${model.source}\n  (${check})\n`);
	}
	io.out(`\nModels are kept in ${cacheDir}.\n`);
	io.out(
		"Each download is checked before it is used: its size, its GGUF header and its SHA-256 (crewkit's pinned hash, else the one the Hugging Face endpoint announces for the file; a pinned hash the endpoint contradicts stops the download before it starts).\n",
	);
	io.out(
		access.unusableToken
			? `Hugging Face token: ${access.unusableToken.message}\n`
			: access.token
				? `Hugging Face token: ${access.token.variable} is set; it is sent to ${access.endpoint.origin} only, for gated and private repositories.\n`
				: "Hugging Face token: none (set HF_TOKEN to download from gated or private repositories).\n",
	);
	io.out(`${describeChoice(choice, threads)}\n`);
	const picked = models.find(({ model }) => model === choice.model);
	if (picked && !picked.downloaded) {
		io.out(`Download it ahead of the first run: crewkit models pull ${choice.model.name}\n`);
	}
	return 0;
}

function describeChoice(choice: DefaultModelChoice, threads: number): string {
	return (
		`* local:default on this machine: ${choice.reason}.\n` +
		`Threads: ${threads}, one per physical core, at most 8 (--threads N to change).`
	);
}

async function pullModel(io: CliIo, name: string): Promise<number> {
	const embedded = await import("../models/embedded/index.ts");
	const model: Pick<CatalogModel, "name" | "source"> | undefined = name.startsWith("hf:")
		? { name, source: name }
		: name === "default"
			? embedded.chooseDefaultModel(await embedded.readMachineResources()).model
			: embedded.findCatalogModel(name);
	if (!model) {
		throw new ConfigError(
			`There is no model '${name}' on crewkit's list. Choose one of: ${embedded.modelCatalog.map((entry) => entry.name).join(", ")}, or 'default', or a Hugging Face URI (hf:owner/repo/file.gguf, hf:owner/repo:Q4_K_M or hf:owner/repo). Any GGUF runs with --model local:<file.gguf | hf:…>.`,
		);
	}
	const cacheDir = embedded.defaultModelCacheDir(io.env);
	const cached = await embedded.cachedModelFile(model.source, { cacheDir, env: io.env });
	if (cached) {
		io.err(`${model.name} is already downloaded.\n`);
		io.out(`${cached}\n`);
		return 0;
	}
	const controller = new AbortController();
	const onSignal = (signal: NodeJS.Signals) => controller.abort(new Error(`${signal} received`));
	process.once("SIGINT", onSignal);
	process.once("SIGTERM", onSignal);
	try {
		const what = model.name === model.source ? model.name : `${model.name} (${model.source})`;
		io.err(`Downloading ${what} into ${cacheDir}\n`);
		const file = await embedded.resolveLocalModelFile(model.source, {
			cacheDir,
			env: io.env,
			signal: controller.signal,
			onProgress: downloadProgress(io, model.name),
			onWait: (message) => io.err(`${message}\n`),
			onResolve: (message) => io.err(`${message}\n`),
		});
		io.out(`${file}\n`);
		return 0;
	} catch (error) {
		if (!(error instanceof CancelledError)) throw error;
		io.err(`crewkit: ${error.message} Run the same command to continue.\n`);
		return 130;
	} finally {
		process.off("SIGINT", onSignal);
		process.off("SIGTERM", onSignal);
	}
}
