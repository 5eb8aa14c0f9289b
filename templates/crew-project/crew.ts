import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildCrew, type Crew, createRecorder, loadCrewYaml } from "crewkit";
import { createSearchNotesTool } from "./src/tools/search-notes.ts";

const projectDir = fileURLToPath(new URL(".", import.meta.url));

/** The inputs `npm start`, `npm test` and `crewkit test .` use unless given others. */
export const defaultInputs = { topic: "the Nimbus launch" };

/**
 * This project's crew: the agents and tasks of agents.yaml and tasks.yaml, with the
 * `search_notes` tool that agents.yaml names. `crewkit test .` runs it through this function.
 */
export async function createCrew(): Promise<Crew> {
	const spec = await loadCrewYaml(projectDir);
	return buildCrew(spec, {
		name: "briefing",
		tools: [createSearchNotesTool({ folder: join(projectDir, "notes") })],
	});
}

// `npm start -- "a topic"` runs the crew and prints the briefing; `npm run record -- "a
// topic"` also records its model calls in test/calls.json for `npm test` to replay. The
// model is CREWKIT_MODEL (e.g. openai:gpt-4.1-mini, ollama:qwen3), else crewkit's embedded one.
if (import.meta.main) {
	const { values, positionals } = parseArgs({
		allowPositionals: true,
		options: { record: { type: "string" } },
	});
	const recorder = values.record ? createRecorder() : undefined;
	const crew = await createCrew();
	const result = await crew.kickoff({
		inputs: { ...defaultInputs, ...(positionals[0] ? { topic: positionals[0] } : {}) },
		...(recorder ? { wrapModel: recorder.wrap } : {}),
		onEvent: (event) => {
			if (event.type === "task-start") process.stderr.write(`${event.agent}: ${event.task}…\n`);
		},
	});
	if (recorder && values.record) await recorder.save(values.record);
	process.stdout.write(`${result.raw}\n`);
	process.stderr.write(`${result.usage.total.totalTokens} tokens\n`);
}
