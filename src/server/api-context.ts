import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { EventBus } from "../service/event-bus.ts";
import type { RunLauncher } from "../service/run-launcher.ts";
import type { RunStore } from "../store/run-store.ts";
import type { AcceptedRuns } from "./accepted-runs.ts";
import type { SseFormatter } from "./event-stream.ts";

/** Sends a JSON body with secrets redacted. */
export type JsonSender = (
	context: Context,
	body: unknown,
	status?: ContentfulStatusCode,
) => Response;

/** What the API's routes share. */
export interface ApiContext {
	store: RunStore;
	bus: EventBus;
	launcher: RunLauncher;
	accepted: AcceptedRuns;
	send: JsonSender;
	formatEvent: SseFormatter;
	heartbeatMs: number;
}

/** A JSON sender that passes the serialized body through a redactor. */
export function createJsonSender(redact: (text: string) => string): JsonSender {
	return (context, body, status = 200) =>
		context.body(redact(JSON.stringify(body)), status, {
			"Content-Type": "application/json; charset=utf-8",
		});
}
