import { Hono } from "hono";
import { z } from "zod";
import { ConfigError } from "../errors.ts";
import { answerRun, waitingQuestions } from "../human/answer-run.ts";
import type { ApiContext } from "./api-context.ts";
import { ApiError, unknownRun } from "./api-error.ts";
import { parseInput } from "./request-schemas.ts";

/** The body of `POST /api/runs/:id/answer`. */
const answerSchema = z.strictObject({
	answer: z.union([
		z.string().max(20_000),
		z.number(),
		z.boolean(),
		z.record(z.string(), z.unknown()),
	]),
	key: z.string().max(500).optional(),
});

/**
 * People in the loop: a waiting run's questions (`GET /runs/:id/questions`), and its answer
 * (`POST /runs/:id/answer`), which is checked, recorded, and continues the run.
 */
export function createHumanRoutes(api: ApiContext): Hono {
	const { store, launcher, send } = api;
	const routes = new Hono();

	routes.get("/runs/:id/questions", (context) => {
		const runId = context.req.param("id");
		if (!store.getRun(runId)) throw unknownRun(runId);
		return send(context, { questions: waitingQuestions(store, runId) });
	});

	routes.post("/runs/:id/answer", async (context) => {
		const runId = context.req.param("id");
		if (!store.getRun(runId)) throw unknownRun(runId);
		let json: unknown;
		try {
			json = await context.req.json();
		} catch (error) {
			throw new ApiError(400, "invalid_json", `The body is not JSON: ${(error as Error).message}`);
		}
		const body = parseInput(answerSchema, json, "answer");
		try {
			// Queued runs are answered through Redis and continued by a worker.
			if (launcher.answer) {
				const recorded = await launcher.answer(runId, body.answer, body.key);
				return send(context, { runId, ...recorded, resumed: true }, 202);
			}
			const recorded = answerRun(store, runId, body.answer, { key: body.key });
			const resumed = launcher.resume ? await launcher.resume(runId) : false;
			const { key } = recorded.question;
			return send(context, { runId, key, answer: recorded.answer, resumed }, 202);
		} catch (error) {
			if (error instanceof ConfigError) throw new ApiError(400, "invalid_input", error.message);
			throw error;
		}
	});

	return routes;
}
