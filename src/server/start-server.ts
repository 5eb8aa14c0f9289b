import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isIP } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { ConfigError } from "../errors.ts";
import { createServer, type ServerOptions } from "./create-server.ts";
import { isLoopbackHost } from "./loopback-host.ts";

/** The default port of `crewkit serve`. */
export const defaultPort = 4317;

/** Shortest token accepted: guessing it must be out of reach. */
export const minimumTokenLength = 16;

export interface StartServerOptions extends ServerOptions {
	/** Address to listen on; default 127.0.0.1. Anything but loopback needs a token. */
	host?: string;
	/** Port; default 4317, 0 for any free port. */
	port?: number;
}

/** A listening dashboard server. */
export interface RunningServer {
	app: Hono;
	/** `http://host:port/` with the port actually bound. */
	url: string;
	host: string;
	port: number;
	/** Stops listening and ends open connections (SSE streams included). */
	close(): Promise<void>;
}

/** Throws a `ConfigError` when the server must not start this way. */
export function checkBinding(host: string, token: string | undefined): void {
	if (token !== undefined && token.length < minimumTokenLength) {
		throw new ConfigError(
			`The token is too short (${token.length} characters): use at least ${minimumTokenLength}, e.g. from 'openssl rand -hex 24'.`,
		);
	}
	if (!isLoopbackHost(host) && !token) {
		throw new ConfigError(
			`Refusing to listen on ${host} without a token: pass --token or set CREWKIT_TOKEN, or listen on 127.0.0.1.`,
		);
	}
}

/**
 * Throws a `ConfigError` when the address actually bound is not loopback and there is no
 * token: a name such as `x.localhost` is trusted by where it resolved, not by its spelling.
 */
export function checkBoundAddress(host: string, address: string, token: string | undefined): void {
	if (token || isLoopbackAddress(address)) return;
	throw new ConfigError(
		`Refusing to listen on ${host}: it resolved to ${address}, which is not a loopback address, and there is no token. Pass --token or set CREWKIT_TOKEN, or listen on 127.0.0.1.`,
	);
}

function isLoopbackAddress(address: string): boolean {
	return isIP(address.replace(/^\[|\]$/g, "")) !== 0 && isLoopbackHost(address);
}

/** Creates the app (see `createServer`) and listens with @hono/node-server. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
	const host = options.host ?? "127.0.0.1";
	const port = options.port ?? defaultPort;
	checkBinding(host, options.token);
	const app = createServer(options);
	const server = await new Promise<Server>((resolve, reject) => {
		const listening = serve({ fetch: app.fetch, hostname: host, port }, () => {
			listening.off("error", onError);
			resolve(listening as Server);
		});
		const onError = (error: NodeJS.ErrnoException) => {
			reject(
				error.code === "EADDRINUSE"
					? new ConfigError(`Port ${port} on ${host} is in use: choose another with --port.`)
					: error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND"
						? new ConfigError(`Cannot listen on '${host}': this machine has no such address.`)
						: error,
			);
		};
		listening.once("error", onError);
	});
	const { port: bound, address } = server.address() as AddressInfo;
	try {
		checkBoundAddress(host, address, options.token);
	} catch (error) {
		await new Promise<void>((resolve) => server.close(() => resolve()));
		throw error;
	}
	const shownHost = host.includes(":") ? `[${host}]` : host;
	return {
		app,
		url: `http://${shownHost}:${bound}/`,
		host,
		port: bound,
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};
}
