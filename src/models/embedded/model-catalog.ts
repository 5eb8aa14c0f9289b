/**
 * The instruct GGUFs crewkit knows how to choose between for `local:default`, smallest
 * first. All are Qwen2.5 Instruct at 4-bit (Q4_K_M): one family, so one chat format
 * (node-llama-cpp's Qwen wrapper, native tool calls) and one tokenizer, and all Apache-2.0,
 * so crewkit can download them for anyone. Qwen2.5-3B is left out on purpose: its licence
 * (Qwen Research) does not allow commercial use.
 *
 * Sizes are the Hugging Face listing's, rounded; the downloader checks the exact size the
 * server announces, and the SHA-256 where one is given here.
 */
export interface CatalogModel {
	/** What `crewkit models pull <name>` takes. */
	name: string;
	/** The `local:` source: a Hugging Face URI naming one file. */
	source: string;
	/** Where the URI points on the default Hugging Face endpoint. */
	url: string;
	licence: string;
	/** Download size, about (bytes). Also the memory the weights take once loaded. */
	bytes: number;
	/** SHA-256 of the file, when known; a download that does not match is refused. */
	sha256?: string;
	/** The context the model was trained for, in tokens. */
	nativeContext: number;
	/** What the key/value cache needs per token of context: layers × KV heads × head size. */
	shape: { layers: number; kvHeads: number; headSize: number };
	/**
	 * Cores below which this model is too slow on the CPU alone to finish a report in
	 * reasonable time (a GPU lifts the limit).
	 */
	minCores: number;
	/** Why it is on the list, in a sentence. */
	why: string;
}

const qwen05: CatalogModel = {
	name: "qwen2.5-0.5b",
	source: "hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf",
	url: "https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf",
	licence: "Apache-2.0",
	bytes: 491_000_000,
	nativeContext: 32_768,
	shape: { layers: 24, kvHeads: 2, headSize: 64 },
	minCores: 1,
	why: "the fallback for machines with little free memory: about 1 GB loaded with an 8k context; follows instructions, but its reports are thin",
};

const qwen15: CatalogModel = {
	name: "qwen2.5-1.5b",
	source: "hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf",
	url: "https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf",
	licence: "Apache-2.0",
	bytes: 1_120_000_000,
	sha256: "6a1a2eb6d15622bf3c96857206351ba97e1af16c30d7a74ee38970e434e9407e",
	nativeContext: 32_768,
	shape: { layers: 28, kvHeads: 2, headSize: 128 },
	minCores: 1,
	why: "the default for a laptop CPU: the research pipeline finishes a report on 2 cores, JSON and tool calls are reliable",
};

const qwen7: CatalogModel = {
	name: "qwen2.5-7b",
	source: "hf:bartowski/Qwen2.5-7B-Instruct-GGUF/Qwen2.5-7B-Instruct-Q4_K_M.gguf",
	url: "https://huggingface.co/bartowski/Qwen2.5-7B-Instruct-GGUF/resolve/main/Qwen2.5-7B-Instruct-Q4_K_M.gguf",
	licence: "Apache-2.0",
	bytes: 4_680_000_000,
	nativeContext: 32_768,
	shape: { layers: 28, kvHeads: 4, headSize: 128 },
	minCores: 8,
	why: "much better writing and citations when there is a GPU or at least 8 cores and 7 GB free; a single file (Qwen's own 7B GGUF is split in two)",
};

/** The documented list, smallest first. */
export const modelCatalog: readonly CatalogModel[] = [qwen05, qwen15, qwen7];

/** The model `local:default` stands for when nothing about the machine is known. */
export const fallbackCatalogModel: CatalogModel = qwen15;

/** The catalog entry called `name`, or `undefined`. */
export function findCatalogModel(name: string): CatalogModel | undefined {
	return modelCatalog.find((model) => model.name === name);
}

/** Bytes of key/value cache per token of context (f16 keys and values). */
export function kvBytesPerToken(model: Pick<CatalogModel, "shape">): number {
	const { layers, kvHeads, headSize } = model.shape;
	return 2 * layers * kvHeads * headSize * 2;
}
