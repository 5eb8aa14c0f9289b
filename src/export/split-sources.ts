/** A report's markdown without its `## Sources` section, and that section's list. */
export interface SplitReport {
	body: string;
	sources: string;
}

const sourcesHeading = /^##[ \t]+(?:Sources|References|Bibliography)[ \t]*#*[ \t]*$/im;

/** Takes the `## Sources` (or References) section out of a report, up to the next `## `. */
export function splitSources(markdown: string): SplitReport {
	const match = sourcesHeading.exec(markdown);
	if (!match) return { body: markdown, sources: "" };
	const start = match.index;
	const after = markdown.slice(start + match[0].length);
	const next = /^##[ \t]/m.exec(after);
	const sources = next ? after.slice(0, next.index) : after;
	const rest = next ? after.slice(next.index) : "";
	return { body: `${markdown.slice(0, start)}${rest}`.trimEnd(), sources: sources.trim() };
}
