/**
 * How far the embedded model is in evaluating a prompt, before its first token: sent as a
 * `raw` stream part (`includeRawChunks`), since the AI SDK has no part for it.
 */
export interface PromptProgress {
	type: "prompt-progress";
	/** Prompt tokens evaluated so far in this call. */
	evaluatedTokens: number;
	/** Prompt tokens this call evaluates (those not already in the KV cache). */
	promptTokens: number;
	/** Evaluation speed so far. */
	tokensPerSecond: number;
}

export const isPromptProgress = (value: unknown): value is PromptProgress =>
	typeof value === "object" &&
	value !== null &&
	(value as { type?: unknown }).type === "prompt-progress";

/**
 * Reports prompt evaluation as it goes: looks every `intervalMs` at the tokens evaluated
 * (llama.cpp evaluates a batch of up to 512 tokens at a time), and calls `onProgress`
 * when the count moved, never once per token. Stops by itself when generation starts
 * (`generating()`), or with the returned function.
 */
export function watchPromptEvaluation(options: {
	promptTokens: number;
	/** Prompt tokens evaluated since the call started. */
	evaluated: () => number;
	generating: () => boolean;
	onProgress: (progress: PromptProgress) => void;
	intervalMs?: number;
	now?: () => number;
}): () => void {
	const now = options.now ?? performance.now.bind(performance);
	const started = now();
	let reported = 0;
	const timer = setInterval(() => {
		if (options.generating()) {
			clearInterval(timer);
			return;
		}
		const evaluated = Math.min(options.evaluated(), options.promptTokens);
		if (evaluated <= reported) return;
		reported = evaluated;
		const seconds = (now() - started) / 1000;
		options.onProgress({
			type: "prompt-progress",
			evaluatedTokens: evaluated,
			promptTokens: options.promptTokens,
			tokensPerSecond: seconds > 0 ? evaluated / seconds : 0,
		});
	}, options.intervalMs ?? 1000);
	timer.unref();
	return () => clearInterval(timer);
}
