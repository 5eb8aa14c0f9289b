import { availableParallelism, freemem, totalmem } from "node:os";
import type { MachineResources } from "./choose-default-model.ts";

let gpuProbe: Promise<MachineResources["gpu"]> | undefined;

/**
 * Measures what `chooseDefaultModel` needs: memory (within a container's limit, when
 * there is one), the cores this process may use, and the GPU node-llama-cpp finds (asked
 * once per process; `false` when it finds none or cannot start).
 */
export async function readMachineResources(): Promise<MachineResources> {
	const limit = process.constrainedMemory();
	const totalMemory = limit > 0 ? Math.min(limit, totalmem()) : totalmem();
	const freeMemory = Math.min(totalMemory, process.availableMemory?.() ?? freemem());
	gpuProbe ??= probeGpu();
	return { totalMemory, freeMemory, cores: availableParallelism(), gpu: await gpuProbe };
}

async function probeGpu(): Promise<MachineResources["gpu"]> {
	try {
		const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
		const llama = await getLlama({
			gpu: "auto",
			build: "never",
			maxThreads: 0,
			logLevel: LlamaLogLevel.error,
		});
		try {
			if (!llama.gpu) return false;
			const vram = await llama.getVramState();
			return { type: llama.gpu, freeMemory: vram.free };
		} finally {
			await llama.dispose();
		}
	} catch {
		return false;
	}
}
