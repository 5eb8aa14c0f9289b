import { relative, sep } from "node:path";
import type { FilePassage } from "./quote-source.ts";
import type { SearchHit } from "./source-index.ts";
import type { SourceRegistry } from "./source-registry.ts";

/**
 * Registers a hit of the local source index as a file source (its path relative to
 * `baseFolder`, its location) with the hit's chunk as a passage.
 */
export function registerHit(
	registry: SourceRegistry,
	hit: Pick<SearchHit, "path" | "title" | "location" | "text">,
	baseFolder: string,
): FilePassage {
	const file = relative(baseFolder, hit.path).split(sep).join("/");
	const source = registry.add({
		title: hit.title,
		origin:
			hit.location === undefined
				? { type: "file", path: file }
				: { type: "file", path: file, location: hit.location },
	});
	registry.addPassage(
		hit.location === undefined
			? { sourceId: source.id, text: hit.text }
			: { sourceId: source.id, text: hit.text, location: hit.location },
	);
	return { sourceId: source.id, file, location: hit.location, text: hit.text };
}
