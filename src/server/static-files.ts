import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Context } from "hono";

const contentTypes: Record<string, string> = {
	html: "text/html; charset=utf-8",
	js: "text/javascript; charset=utf-8",
	css: "text/css; charset=utf-8",
	svg: "image/svg+xml",
	png: "image/png",
	ico: "image/x-icon",
};

/** A file name the dashboard may serve: no folders, no dots but the extension's. */
const servable = /^[A-Za-z0-9_-]+\.(html|js|css|svg|png|ico)$/;

/**
 * Serves the dashboard's files from one folder: `/` is `index.html`; other names must be
 * plain file names in that folder (no subfolders, so no path can leave it).
 */
export function serveWebFile(webRoot: string) {
	return async (context: Context): Promise<Response> => {
		const name = context.req.path === "/" ? "index.html" : context.req.path.slice(1);
		const extension = servable.exec(name)?.[1];
		const type = extension ? contentTypes[extension] : undefined;
		if (!type) return context.notFound();
		let body: Buffer;
		try {
			body = await readFile(join(webRoot, name));
		} catch {
			return context.notFound();
		}
		return context.body(new Uint8Array(body), 200, {
			"Content-Type": type,
			"Cache-Control": "no-cache",
		});
	};
}
