import type { HumanChannel } from "./human-channel.ts";

/**
 * A channel that asks through another under a key prefix: a crew run inside a flow step
 * asks through the flow's run, its question keys made unique by the step run and the
 * crew's place in it (`review#1/2:task:draft/1`), and marked with the step.
 */
export function scopedChannel(channel: HumanChannel, scope: string, step: string): HumanChannel {
	const keyOf = (key: string) => `${scope}:${key}`;
	return {
		ask(question, timeoutMs) {
			return channel.ask({ ...question, key: keyOf(question.key), step }, timeoutMs);
		},
		storedDraft(key) {
			return channel.storedDraft(keyOf(key));
		},
	};
}
