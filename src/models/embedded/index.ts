export {
	defaultLocalModel,
	defaultModelCacheDir,
	type ResolveLocalModelFileOptions,
	resolveLocalModelFile,
} from "./default-model.ts";
export { formatProgressBar } from "./format-progress-bar.ts";
export {
	createLlamaModel,
	type LlamaLanguageModel,
	type LlamaModelOptions,
} from "./llama-model.ts";
