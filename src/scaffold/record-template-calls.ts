import { registerHooks } from "node:module";
import { createRecorder, type Recorder } from "../models/record-model.ts";
import { createScriptedModel } from "../models/scripted-model.ts";
import { templateRecording } from "./template-location.ts";
import { templateReplies, templateTopic } from "./template-script.ts";

/**
 * Runs the template crew on the scripted model (`templateReplies`) and records every model
 * call, as `npm run record` records a real model's: the template's test replays them.
 */
export async function recordTemplateCalls(): Promise<Recorder> {
	// The template's crew.ts imports "crewkit": this package by its own name, which in the
	// checkout means its sources (the `crewkit-source` export condition), not dist/.
	registerHooks({
		resolve: (specifier, context, next) =>
			next(specifier, { ...context, conditions: [...context.conditions, "crewkit-source"] }),
	});
	const { createCrew } = (await import(
		new URL("../../templates/crew-project/crew.ts", import.meta.url).href
	)) as {
		createCrew: () => Promise<import("../crew/crew.ts").Crew>;
	};
	const recorder = createRecorder();
	const crew = await createCrew();
	await crew.kickoff({
		inputs: { topic: templateTopic },
		model: createScriptedModel({ replies: templateReplies }),
		wrapModel: recorder.wrap,
		tracing: false,
	});
	return recorder;
}

// `node src/scaffold/record-template-calls.ts` writes the recording again (after a change
// to the template crew or to crewkit's prompts; record-template-calls.test.ts says when).
if (import.meta.main) {
	const recorder = await recordTemplateCalls();
	await recorder.save(templateRecording);
	process.stdout.write(`Recorded ${recorder.calls.length} model calls in ${templateRecording}\n`);
}
