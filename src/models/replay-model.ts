import type { LanguageModelV4, LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { ModelBehaviorError } from "../errors.ts";
import { toGenerateResult, toStreamResult } from "./model-response.ts";
import { readJsonFile } from "./read-json-file.ts";
import { hashCall, promptTail, type RecordedCall, recordingSchema } from "./recording.ts";

/**
 * A model that answers from a recording: each call gets the recorded answer to the same
 * prompt (the next unused one, so repeated prompts replay in order). A prompt that was never
 * recorded is an error: the crew or its inputs changed since the recording.
 */
export function createReplayModel(
	calls: readonly RecordedCall[],
	source = "recording",
): LanguageModelV4 {
	const unused = [...calls];
	const take = (call: LanguageModelV4CallOptions) => {
		const hash = hashCall(call);
		const position = unused.findIndex((recorded) => recorded.promptHash === hash);
		const recorded = position >= 0 ? unused.splice(position, 1)[0] : undefined;
		if (!recorded) {
			throw new ModelBehaviorError(
				`${source} has no recorded answer for this prompt (…${JSON.stringify(promptTail(call).slice(-80))}). ` +
					"The crew, its inputs or its model settings changed since it was recorded: record again with --record.",
			);
		}
		return recorded.response;
	};
	return {
		specificationVersion: "v4",
		provider: "replay",
		modelId: source,
		supportedUrls: {},
		async doGenerate(call) {
			return toGenerateResult(take(call));
		},
		async doStream(call) {
			return toStreamResult(take(call), { signal: call.abortSignal });
		},
	};
}

/** Loads a recording written by `--record` (or `createRecorder().save`). */
export async function loadReplayModel(path: string): Promise<LanguageModelV4> {
	const recording = await readJsonFile(path, recordingSchema(), {
		unreadable: `Cannot read the recording '${path}'. Record one with: crewkit run --record ${path}`,
		mismatch: (issues) => `Not a crewkit recording: ${issues}`,
	});
	return createReplayModel(recording.calls, path);
}
