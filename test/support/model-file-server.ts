import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the server does for one path; `headers` are added to its answer. */
export type ModelFileRoute =
	/** Serves the bytes, honouring `Range: bytes=N-` with 206 unless `ranges` is false. */
	(
		| { file: Buffer; ranges?: boolean }
		/** Announces the whole file, sends its first bytes, then drops the connection (ranges are served). */
		| { file: Buffer; cutAfter: number }
		/** Announces the whole file, sends its first bytes, then sends nothing more (ranges are served). */
		| { file: Buffer; holdAfter: number }
		/**
		 * A slow body: the first `chunk` bytes, then nothing until `gate` resolves, then the rest
		 * in `chunk`-sized pieces a few milliseconds apart.
		 */
		| { file: Buffer; gate: Promise<void>; chunk: number }
		| { status: number; retryAfter?: number }
		| { redirect: string }
		/** Answers 200 with this value as JSON. */
		| { json: unknown }
	) & {
		headers?: Record<string, string>;
		/**
		 * Served only to `Authorization: Bearer <token>`, as Hugging Face serves a gated
		 * repository: 401 without the header, 403 with another token.
		 */
		token?: string;
	};

/** A loopback HTTP server serving model files and faults, recording every request. */
export interface ModelFileServer {
	/** `http://127.0.0.1:<port>` */
	origin: string;
	/** Paths (with the query as `target`, the Range and Authorization headers if any) in the order they were asked for. */
	requests: Array<{
		path: string;
		target: string;
		range: string | undefined;
		authorization: string | undefined;
	}>;
	close(): Promise<void>;
}

export async function startModelFileServer(
	routes: Record<string, ModelFileRoute>,
): Promise<ModelFileServer> {
	const requests: ModelFileServer["requests"] = [];
	const server = createServer((request, response) => {
		const target = request.url ?? "/";
		const path = target.replace(/\?.*$/, "");
		const authorization = request.headers.authorization;
		requests.push({ path, target, range: request.headers.range, authorization });
		// A route for the path with its query (a page of a listing) wins over one for the path.
		const route = routes[target] ?? routes[path];
		if (!route) return void response.writeHead(404).end("no such file");
		if (route.token !== undefined && authorization !== `Bearer ${route.token}`) {
			return void response
				.writeHead(authorization ? 403 : 401)
				.end("access to this repository is restricted");
		}
		for (const [name, value] of Object.entries(route.headers ?? {}))
			response.setHeader(name, value);
		if ("status" in route) {
			const headers =
				route.retryAfter === undefined ? {} : { "retry-after": String(route.retryAfter) };
			return void response.writeHead(route.status, headers).end("fault");
		}
		if ("redirect" in route)
			return void response.writeHead(302, { location: route.redirect }).end();
		if ("json" in route) {
			return void response
				.writeHead(200, { "content-type": "application/json" })
				.end(JSON.stringify(route.json));
		}
		const start = rangeStart(request.headers.range);
		// Faults on a first request only: a resumed request (with a Range) is served.
		if ("cutAfter" in route && start === 0)
			return sendPart(response, route.file, route.cutAfter, "cut");
		if ("holdAfter" in route && start === 0)
			return sendPart(response, route.file, route.holdAfter, "hold");
		if ("gate" in route) return void sendSlowly(response, route.file, route.gate, route.chunk);
		if (start > 0 && !("ranges" in route && route.ranges === false)) {
			response.writeHead(206, {
				"content-length": String(route.file.length - start),
				"content-range": `bytes ${start}-${route.file.length - 1}/${route.file.length}`,
			});
			return void response.end(route.file.subarray(start));
		}
		response.writeHead(200, { "content-length": String(route.file.length) });
		response.end(route.file);
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	return {
		origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		async close() {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

/** A GGUF-looking file of `size` bytes: the magic, then deterministic filler. */
export function fakeGguf(size: number): Buffer {
	const file = Buffer.alloc(size);
	file.write("GGUF", 0, "latin1");
	for (let index = 4; index < size; index += 1) file[index] = (index * 31 + 7) % 251;
	return file;
}

function rangeStart(range: string | undefined): number {
	const match = /^bytes=(\d+)-$/.exec(range ?? "");
	return match ? Number(match[1]) : 0;
}

function sendPart(response: ServerResponse, file: Buffer, bytes: number, then: "cut" | "hold") {
	response.writeHead(200, { "content-length": String(file.length) });
	response.write(file.subarray(0, bytes), () => {
		// A clean close (FIN) after the bytes, so the client reads them all before the cut.
		if (then === "cut") response.socket?.end();
	});
}

async function sendSlowly(
	response: ServerResponse,
	file: Buffer,
	gate: Promise<void>,
	chunk: number,
) {
	response.writeHead(200, { "content-length": String(file.length) });
	response.write(file.subarray(0, chunk));
	await gate;
	for (let offset = chunk; offset < file.length && !response.destroyed; offset += chunk) {
		await new Promise((resolve) => setTimeout(resolve, 5));
		response.write(file.subarray(offset, offset + chunk));
	}
	response.end();
}
