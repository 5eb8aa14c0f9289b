import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ConfigError } from "../errors.ts";
import { defaultModelSpec, parseModelString } from "../models/resolve-model.ts";
import {
	checkBinding,
	defaultPort,
	type RunningServer,
	startServer,
} from "../server/start-server.ts";
import { createEventBus, type EventBus } from "../service/event-bus.ts";
import { createLocalLauncher } from "../service/local-launcher.ts";
import type { RunLauncher } from "../service/run-launcher.ts";
import type { ServicePolicy } from "../service/service-policy.ts";
import { createRedactor } from "../store/redact-secrets.ts";
import type { RunStore } from "../store/run-store.ts";
import { openCliStore } from "./cli-run.ts";
import type { Command } from "./command.ts";
import type { CliIo } from "./io.ts";
import {
	servicePolicyFromFlags,
	servicePolicyHelp,
	servicePolicyOptions,
} from "./service-policy-flags.ts";

const webRoot = fileURLToPath(new URL("../../web/", import.meta.url));

export const command: Command = {
	usage: `Usage: crewkit serve [--port N] [--host H] [--token T] [--store FILE] [--model M]

Starts the dashboard and its HTTP API: start runs, watch them live, read their
reports with clickable sources, browse past runs and compare their usage.
It listens on 127.0.0.1 only, unless --host says otherwise; any other address
needs a token, which every API request must then carry (Authorization: Bearer,
or ?token= in the page's address). Ctrl-C stops it; runs still going are
cancelled and can be continued with crewkit resume. With CREWKIT_REDIS_URL set,
runs go to queue workers instead and the dashboard follows them.

Options:
  --port N      port to listen on (default ${defaultPort}; 0 picks a free one)
  --host H      address to listen on (default 127.0.0.1)
  --token T     require this token (default CREWKIT_TOKEN; prefer the variable,
                arguments show in the process list)
  --store FILE  the run store (default .crewkit/runs.db, or CREWKIT_STORE)
  --model M     model of runs that name none (default CREWKIT_MODEL, else ${defaultModelSpec})
${servicePolicyHelp}`,

	async run(args, io) {
		const { values } = parseArgs({
			args,
			options: {
				port: { type: "string" },
				host: { type: "string", default: "127.0.0.1" },
				token: { type: "string" },
				store: { type: "string" },
				model: { type: "string" },
				...servicePolicyOptions,
			},
		});
		const port = values.port === undefined ? defaultPort : parsePort(values.port);
		const token = values.token ?? (io.env.CREWKIT_TOKEN || undefined);
		checkBinding(values.host, token);
		const defaultModel = values.model ?? io.env.CREWKIT_MODEL ?? defaultModelSpec;
		parseModelString(defaultModel);

		const store = openCliStore(io, values.store);
		const bus = createEventBus();
		const policy = servicePolicyFromFlags(values);
		const launcher = await createLauncher({ io, store, bus, defaultModel, policy });
		let server: RunningServer;
		try {
			server = await startServer({
				store,
				bus,
				launcher,
				webRoot,
				env: io.env,
				host: values.host,
				port,
				...(token ? { token } : {}),
			});
		} catch (error) {
			await launcher.close();
			store.close();
			throw error;
		}
		const notes = [
			...(token ? ["token required"] : []),
			...(io.env.CREWKIT_REDIS_URL ? ["runs go to queue workers"] : []),
		];
		io.out(`crewkit dashboard: ${server.url}${notes.length ? ` (${notes.join("; ")})` : ""}\n`);
		const signal = await stopSignal();
		io.err(
			`${signal}: stopping; ${io.env.CREWKIT_REDIS_URL ? "queued runs go on on the workers" : "runs in progress are cancelled"}.\n`,
		);
		await server.close();
		await launcher.close();
		store.close();
		return 0;
	},
};

/**
 * Where runs execute: on queue workers when CREWKIT_REDIS_URL is set (the queue launcher
 * records their events into this server's store and bus), else in this process.
 */
async function createLauncher(options: {
	io: CliIo;
	store: RunStore;
	bus: EventBus;
	defaultModel: string;
	policy: ServicePolicy;
}): Promise<RunLauncher> {
	const redisUrl = options.io.env.CREWKIT_REDIS_URL;
	if (redisUrl) {
		const { createQueueLauncher } = await import("../queue/queue-launcher.ts");
		const redact = createRedactor(options.io.env);
		return createQueueLauncher({
			redisUrl,
			store: options.store,
			bus: options.bus,
			workspace: options.io.cwd,
			defaultModel: options.defaultModel,
			policy: options.policy,
			onError: (error) =>
				options.io.err(
					`crewkit serve: queue: ${redact(error instanceof Error ? error.message : String(error))}\n`,
				),
		});
	}
	return createLocalLauncher({
		store: options.store,
		bus: options.bus,
		workspace: options.io.cwd,
		defaultModel: options.defaultModel,
		modelOptions: { cwd: options.io.cwd, env: options.io.env },
		policy: options.policy,
	});
}

function parsePort(value: string): number {
	const port = Number(value);
	if (!/^\d+$/.test(value) || port > 65_535)
		throw new ConfigError(`--port takes a port number from 0 to 65535, got '${value}'.`);
	return port;
}

/** Resolves with the first SIGINT or SIGTERM; a second one exits at once. */
function stopSignal(): Promise<NodeJS.Signals> {
	return new Promise((resolve) => {
		const onSignal = (signal: NodeJS.Signals) => {
			process.off("SIGINT", onSignal);
			process.off("SIGTERM", onSignal);
			process.once("SIGINT", () => process.exit(130));
			process.once("SIGTERM", () => process.exit(143));
			resolve(signal);
		};
		process.on("SIGINT", onSignal);
		process.on("SIGTERM", onSignal);
	});
}
