/**
 * The contract between a benchmark and one framework: build the research crew on a given
 * model, then run it. Each framework implements it in `bench/peers/<framework>.ts` (or
 * `bench/support/crewkit-crew.ts` for crewkit itself), through its own model interface.
 */

/** One message as the model received it, flattened to text. */
export interface CapturedMessage {
	role: string;
	text: string;
}

/** Where the crew's model calls go. */
export type ModelSetup =
	| {
			/** A zero-latency fake model, through the framework's own mock or custom-model interface. */
			kind: "fake";
			/** Called with every prompt the fake model receives (for counting added tokens). */
			onPrompt?: (messages: CapturedMessage[]) => void;
	  }
	| {
			/** An OpenAI-compatible chat-completions server (loopback, in the benchmarks). */
			kind: "server";
			baseURL: string;
			modelId: string;
	  };

/** A crew ready to run. */
export interface CrewRunner {
	/** Runs the two tasks once; resolves with the final answer. */
	run(inputs: { topic: string; current_year: string }): Promise<string>;
	/**
	 * Runs the crew once per inputs, at most `concurrency` at a time, when the framework has
	 * its own way to (crewkit's `kickoffForEach`); otherwise the benchmark uses a limiter.
	 */
	runMany?(
		inputsList: ReadonlyArray<{ topic: string; current_year: string }>,
		concurrency: number,
	): Promise<string[]>;
	/** Model calls made so far (the fake model counts them; 0 when unknown). */
	modelCalls(): number;
}

/** What a framework module exports. */
export interface FrameworkModule {
	createCrew(model: ModelSetup): Promise<CrewRunner>;
}
