/**
 * The entry of a parsing worker thread: answers each `ParseJob` it is sent. The heavy
 * parsers (linkedom, Readability, turndown, pdf.js) load here, never on the main thread.
 */
import { parentPort } from "node:worker_threads";
import { type ParseAnswer, type ParseJob, runParseJob } from "./parse-job.ts";

parentPort?.on("message", async (message: { id: number; job: ParseJob }) => {
	let answer: ParseAnswer;
	try {
		answer = { id: message.id, ok: true, value: await runParseJob(message.job) };
	} catch (error) {
		const failure = error instanceof Error ? error : new Error(String(error));
		const reason = (failure as { reason?: unknown }).reason;
		answer = {
			id: message.id,
			ok: false,
			error: {
				name: failure.name,
				message: failure.message,
				...(typeof reason === "string" ? { reason } : {}),
			},
		};
	}
	parentPort?.postMessage(answer);
});
