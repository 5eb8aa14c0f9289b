import { formatBytes } from "./format-progress-bar.ts";
import { type CatalogModel, kvBytesPerToken, modelCatalog } from "./model-catalog.ts";

/** What the machine offers a model, as `readMachineResources` measures it. */
export interface MachineResources {
	/** Physical memory, bytes. */
	totalMemory: number;
	/** Memory available now (to this process, within any container limit), bytes. */
	freeMemory: number;
	/** Cores this process may use (`os.availableParallelism()`). */
	cores: number;
	/** The GPU node-llama-cpp found, with its free memory, or `false`. */
	gpu: false | { type: string; freeMemory: number };
}

/** What `local:default` runs on this machine, and why (one line for the user). */
export interface DefaultModelChoice {
	model: CatalogModel;
	/** Tokens of context that fit in memory, up to `maxDefaultContext`. */
	contextSize: number;
	/** Whether the model runs on the GPU. */
	gpu: boolean;
	reason: string;
}

/** The context `local:default` gets when memory allows: what the research pipeline is tuned for. */
export const maxDefaultContext = 8192;
/** Below this the research crew cannot fit its prompts; a model is only chosen with at least this. */
export const minDefaultContext = 2048;
/** Share of the free memory a model may take: the rest is left to crewkit, a browser, the OS. */
export const memoryShare = 0.8;
/** llama.cpp's compute and output buffers beside the weights and the KV cache, about. */
const runtimeOverheadBytes = 400_000_000;

/** Memory a model needs loaded with `contextSize` tokens of context, bytes. */
export function memoryNeeded(model: CatalogModel, contextSize: number): number {
	return model.bytes + kvBytesPerToken(model) * contextSize + runtimeOverheadBytes;
}

/**
 * Chooses the model `local:default` runs: the largest on the list that fits in the memory
 * the machine has free with at least a 2,048-token context and is fast enough there (its
 * `minCores` on the CPU; any model whose needs fit the GPU's free memory runs there), with
 * as much context as then fits, up to 8,192 tokens. When nothing fits, the smallest model
 * with the smallest context, and a reason that says memory is short. Pure: the caller
 * measures the machine.
 */
export function chooseDefaultModel(
	machine: MachineResources,
	models: readonly CatalogModel[] = modelCatalog,
): DefaultModelChoice {
	const bySize = [...models].sort((a, b) => b.bytes - a.bytes);
	const smallest = bySize.at(-1);
	if (!smallest) throw new Error("chooseDefaultModel needs at least one model.");
	const ramBudget = machine.freeMemory * memoryShare;
	const skipped: string[] = [];

	for (const model of bySize) {
		if (machine.gpu) {
			const contextSize = contextThatFits(model, machine.gpu.freeMemory * memoryShare);
			if (contextSize !== undefined) {
				const where = `the ${machine.gpu.type} GPU: ${formatBytes(machine.gpu.freeMemory)} free`;
				return {
					model,
					contextSize,
					gpu: true,
					reason: `${describe(model, contextSize)} on ${where}${skippedText(skipped)}`,
				};
			}
		}
		if (machine.cores < model.minCores) {
			skipped.push(`${model.name} needs ${model.minCores} cores or a GPU`);
			continue;
		}
		const contextSize = contextThatFits(model, ramBudget);
		if (contextSize === undefined) {
			skipped.push(
				`${model.name} needs ${formatBytes(memoryNeeded(model, minDefaultContext) / memoryShare)} free`,
			);
			continue;
		}
		const cpu = `the CPU: ${machine.cores} ${machine.cores === 1 ? "core" : "cores"}, ${formatBytes(machine.freeMemory)} of memory free${machine.gpu ? "" : ", no GPU"}`;
		return {
			model,
			contextSize,
			gpu: false,
			reason: `${describe(model, contextSize)} on ${cpu}${skippedText(skipped)}`,
		};
	}
	return {
		model: smallest,
		contextSize: minDefaultContext,
		gpu: false,
		reason:
			`${describe(smallest, minDefaultContext)}, though only ${formatBytes(machine.freeMemory)} of memory is free ` +
			`and it needs about ${formatBytes(memoryNeeded(smallest, minDefaultContext) / memoryShare)}: ` +
			"close other programs, or use a model server (--model ollama:qwen2.5)",
	};
}

/** The largest context (a multiple of 1,024, 2,048 to 8,192) that fits in `budget` bytes. */
function contextThatFits(model: CatalogModel, budget: number): number | undefined {
	const ceiling = Math.min(maxDefaultContext, model.nativeContext);
	const room = budget - model.bytes - runtimeOverheadBytes;
	const tokens = Math.floor(room / kvBytesPerToken(model) / 1024) * 1024;
	if (tokens < minDefaultContext) return undefined;
	return Math.min(ceiling, tokens);
}

function describe(model: CatalogModel, contextSize: number): string {
	return `${model.name} (${contextSize.toLocaleString("en-US")}-token context)`;
}

function skippedText(skipped: string[]): string {
	return skipped.length ? `; ${skipped.join("; ")}` : "";
}
