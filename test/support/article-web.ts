import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A recorded web on 127.0.0.1: a SearxNG-compatible search (`/search?q=…&format=json`)
 * answering every query with the same `pages` articles (rotated by the query, so queries
 * differ in order), and the articles themselves (`/articles/N.html`), each about
 * `characters` characters of prose on one development of language models. Seeded: the
 * same pages every run.
 */
export async function startArticleWeb(options: { pages?: number; characters?: number } = {}) {
	const pages = options.pages ?? 12;
	const characters = options.characters ?? 12_000;
	const topics = [
		"open-weight models",
		"small models on laptops",
		"reasoning models",
		"tool-calling agents",
		"inference prices",
		"long context windows",
		"multimodal models",
		"evaluation audits",
		"model regulation",
		"retrieval with citations",
		"speech models",
		"code assistants",
	];
	const topicOf = (page: number) => topics[(page - 1) % topics.length] as string;
	const article = (page: number) => {
		const topic = topicOf(page);
		const paragraphs: string[] = [];
		for (let index = 0, length = 0; length < characters; index++) {
			const text = `In ${2026 - (index % 2)}, ${topic} changed again: team ${page}-${index} measured ${10 + ((page * 7 + index * 3) % 80)} percent better results on task ${index} while costs fell by ${1 + ((page + index) % 9)} tenths, and practitioners adopted ${topic} for work item ${index}.`;
			paragraphs.push(`<p>${text}</p>`);
			length += text.length;
		}
		return `<!doctype html><html><head><title>${topic} in 2026 (page ${page})</title></head><body><nav>Home</nav><article><h1>${topic} in 2026</h1>${paragraphs.join("\n")}</article><footer>Footer</footer></body></html>`;
	};
	const server: Server = createServer((request, response) => {
		const url = new URL(request.url ?? "/", "http://127.0.0.1");
		const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		if (url.pathname === "/search") {
			const query = url.searchParams.get("q") ?? "";
			const shift = [...query].reduce((sum, character) => sum + character.charCodeAt(0), 0) % pages;
			const results = Array.from({ length: pages }, (_, index) => {
				const page = ((index + shift) % pages) + 1;
				return {
					url: `${base}/articles/${page}.html`,
					title: `${topicOf(page)} in 2026 (page ${page})`,
					content: `What changed in ${topicOf(page)} this year.`,
				};
			});
			response.writeHead(200, { "content-type": "application/json" });
			response.end(JSON.stringify({ results }));
			return;
		}
		const match = url.pathname.match(/^\/articles\/(\d+)\.html$/);
		const page = match ? Number(match[1]) : 0;
		if (page >= 1 && page <= pages) {
			response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
			response.end(article(page));
			return;
		}
		response.writeHead(404).end();
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		pages,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
