/**
 * Every passage an agent reads gets a stable source id, so the report can cite it as `[n]`
 * and list it under `## Sources`. Tools register what they read; the registry numbers
 * sources in the order they are first seen and keeps the passages for verification.
 */

/** Where a source lives: a web page or a local file (with a location inside it). */
export type SourceOrigin =
	| { type: "web"; url: string }
	| { type: "file"; path: string; location?: string };

export interface Source {
	/** 1-based number used in citations: `[id]`. */
	id: number;
	title: string;
	origin: SourceOrigin;
	/** When the source was read (ISO date). */
	accessed: string;
	/** Publication date when known (ISO date or as given). */
	published?: string;
}

export interface Passage {
	sourceId: number;
	/** The passage's text as the agent saw it. */
	text: string;
	/** Where in the source (heading, page, line range), when known. */
	location?: string;
}

/** The registry's contract: tools write to it, the report writer and verifier read it. */
export interface SourceRegistry {
	/** Registers a source (or finds it again by URL or path + location) and returns it. */
	add(source: Omit<Source, "id" | "accessed"> & { accessed?: string }): Source;
	/** Records a passage read from a registered source. */
	addPassage(passage: Passage): void;
	sources(): readonly Source[];
	passages(sourceId?: number): readonly Passage[];
}

/** The default, in-memory registry of one run. */
export function createSourceRegistry(now: () => Date = () => new Date()): SourceRegistry {
	const byKey = new Map<string, Source>();
	const all: Source[] = [];
	const passages: Passage[] = [];
	const keyOf = (origin: SourceOrigin) =>
		origin.type === "web" ? `web:${origin.url}` : `file:${origin.path}#${origin.location ?? ""}`;
	return {
		add(source) {
			const key = keyOf(source.origin);
			const existing = byKey.get(key);
			if (existing) return existing;
			const created: Source = {
				...source,
				id: all.length + 1,
				accessed: source.accessed ?? now().toISOString().slice(0, 10),
			};
			byKey.set(key, created);
			all.push(created);
			return created;
		},
		addPassage(passage) {
			if (!all[passage.sourceId - 1]) throw new RangeError(`No source ${passage.sourceId}`);
			const duplicate = passages.some(
				(p) => p.sourceId === passage.sourceId && p.text === passage.text,
			);
			if (!duplicate) passages.push(passage);
		},
		sources: () => all,
		passages: (sourceId) =>
			sourceId === undefined ? passages : passages.filter((p) => p.sourceId === sourceId),
	};
}
