import { type Chunk, chunkText } from "../../sources/chunk-text.ts";
import { quoteSource, untrustedPageNotice } from "../../sources/quote-source.ts";
import type { SourceRegistry } from "../../sources/source-registry.ts";
import { loadZod, onFirstUse } from "../../zod/load-zod.ts";
import { defineTool } from "../define-tool.ts";
import { type FetchPageOptions, fetchPage } from "./fetch-page.ts";

export interface FetchPageToolOptions {
	/** Where the page is registered as a source and its passages recorded. */
	registry: SourceRegistry;
	/** Let the model fetch loopback and private-network addresses (off by default). */
	allowPrivateAddresses?: boolean | undefined;
	/** Most characters of page text returned to the model (default 12,000). */
	maxCharacters?: number | undefined;
	/** Characters per passage (default 800). */
	passageSize?: number | undefined;
	/** Limits and transport for the fetch itself. */
	fetchOptions?: Omit<FetchPageOptions, "allowPrivateAddresses" | "signal"> | undefined;
}

const parameters = onFirstUse(() => {
	const z = loadZod();
	return z.object({
		url: z.url({ protocol: /^https?$/ }).describe("Absolute http(s) URL of the page to read."),
	});
});

/**
 * The `fetch_page` tool: fetches a page (HTML, PDF, text), registers it as a source,
 * records its passages, and returns them to the model wrapped as untrusted data under the
 * source's id, so the agent can cite the page as `[id]`. Fetching the same URL again
 * returns the same id.
 */
export function createFetchPageTool(options: FetchPageToolOptions) {
	const maxCharacters = options.maxCharacters ?? 12_000;
	return defineTool({
		name: "fetch_page",
		description:
			"Reads a web page (HTML, PDF, plain text or markdown) and returns its main text as a numbered source to cite as [n]. Use it to read a result of web_search in full.",
		parameters: parameters(),
		async execute({ url }, context) {
			const page = await fetchPage(url, {
				...options.fetchOptions,
				allowPrivateAddresses: options.allowPrivateAddresses,
				signal: context.signal,
			});
			const address = withoutHash(page.url);
			const source = options.registry.add({
				title: page.title,
				origin: { type: "web", url: address },
				...(page.published ? { published: page.published } : {}),
			});
			// A page is located by its headings only (its lines are not a reader's reference).
			const passages = chunkText(
				{ text: page.markdown, format: "html" },
				{ size: options.passageSize ?? 800, overlap: 0 },
			);
			const shown: Chunk[] = [];
			let length = 0;
			for (const passage of passages) {
				if (shown.length && length + passage.text.length > maxCharacters) break;
				shown.push(passage);
				length += passage.text.length + 2;
			}
			for (const passage of shown) {
				options.registry.addPassage({
					sourceId: source.id,
					text: passage.text,
					...(passage.location ? { location: passage.location } : {}),
				});
			}
			const text =
				shown.map((passage) => passage.text).join("\n\n") || "(The page has no readable text.)";
			const notes = [
				shown.length < passages.length
					? `Only the first ${shown.length} of ${passages.length} passages are shown (${maxCharacters}-character limit).`
					: "",
				page.truncated ? "The page was longer than the download limit; its end was not read." : "",
			].filter(Boolean);
			return [
				untrustedPageNotice(source.id),
				quoteSource(
					{
						id: source.id,
						url: address,
						title: source.title,
						published: source.published ?? page.published,
					},
					text,
				),
				...notes,
			].join("\n");
		},
	});
}

function withoutHash(url: string): string {
	return url.replace(/#.*$/, "");
}
