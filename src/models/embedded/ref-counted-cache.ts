/** Values loaded once per key, shared by every user, and disposed when the last one leaves. */
export interface RefCountedCache<Settings, Value> {
	/** Returns the value for these settings, loading it on first use (once, even if called concurrently). */
	acquire(settings: Settings): Promise<Value>;
	/** Gives back one `acquire`; the last release disposes the value. */
	release(settings: Settings): Promise<void>;
	/** How many values are loaded or loading. */
	readonly size: number;
}

interface Entry<Value> {
	value: Promise<Value>;
	users: number;
}

/**
 * Creates a cache of shared, reference-counted values (loaded models, contexts). A load
 * that fails is forgotten, so the next `acquire` tries again.
 */
export function createRefCountedCache<Settings, Value>(options: {
	keyOf: (settings: Settings) => string;
	load: (settings: Settings) => Promise<Value>;
	dispose: (value: Value, settings: Settings) => Promise<void>;
}): RefCountedCache<Settings, Value> {
	const entries = new Map<string, Entry<Value>>();

	return {
		acquire(settings) {
			const key = options.keyOf(settings);
			const existing = entries.get(key);
			if (existing) {
				existing.users += 1;
				return existing.value;
			}
			const entry: Entry<Value> = { value: options.load(settings), users: 1 };
			entries.set(key, entry);
			entry.value.catch(() => {
				if (entries.get(key) === entry) entries.delete(key);
			});
			return entry.value;
		},

		async release(settings) {
			const key = options.keyOf(settings);
			const entry = entries.get(key);
			if (!entry) return;
			entry.users -= 1;
			if (entry.users > 0) return;
			entries.delete(key);
			const value = await entry.value.catch(() => undefined);
			if (value !== undefined) await options.dispose(value, settings);
		},

		get size() {
			return entries.size;
		},
	};
}
