export {
	chooseDefaultModel,
	type DefaultModelChoice,
	type MachineResources,
} from "./choose-default-model.ts";
export {
	cachedModelFile,
	defaultLocalModel,
	defaultModelCacheDir,
	type ResolveLocalModelFileOptions,
	resolveLocalModelFile,
} from "./default-model.ts";
export { defaultThreads } from "./default-threads.ts";
export { type DownloadModelFileOptions, downloadModelFile } from "./download-model-file.ts";
export { formatProgressBar } from "./format-progress-bar.ts";
export { type HuggingFaceAccess, huggingFaceAccess } from "./hugging-face-access.ts";
export {
	createLlamaModel,
	type LlamaLanguageModel,
	type LlamaModelOptions,
} from "./llama-model.ts";
export { readMachineResources } from "./machine-resources.ts";
export { type CatalogModel, findCatalogModel, modelCatalog } from "./model-catalog.ts";
export { modelSourceOf } from "./model-source.ts";
