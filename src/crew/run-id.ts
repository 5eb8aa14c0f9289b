/**
 * A new run id: time-ordered, with a random tail. (The global Web Crypto, which Node loads
 * on first use; importing node:crypto would load it with `import "crewkit"`.)
 */
export const newRunId = (): string =>
	`run_${Date.now().toString(36)}_${crypto.randomUUID().slice(0, 6)}`;
