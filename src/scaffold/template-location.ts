import { fileURLToPath } from "node:url";

/** The project `crewkit create` copies: a working two-agent crew with a custom tool. */
export const templateDir = fileURLToPath(new URL("../../templates/crew-project/", import.meta.url));

/** The template's recorded model calls, which its test replays. */
export const templateRecording = fileURLToPath(
	new URL("../../templates/crew-project/test/calls.json", import.meta.url),
);
