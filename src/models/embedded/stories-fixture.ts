import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { skipWhenMissing } from "../../../test/support/skip-when-missing.ts";

/**
 * For tests: stories260K, a 1.2 MB llama model trained on children's stories (not
 * instruction-tuned, no chat template), from the shared fixtures next to the repository.
 * Tests use it for mechanics, never for the quality of what it writes.
 */
export const storiesModelPath = fileURLToPath(
	new URL("../../../../shared/fixtures/models/stories260K.gguf", import.meta.url),
);

/**
 * `false` when the fixture is present, else the reason to skip (for `test(..., { skip })`);
 * under CI=true a missing fixture is an error instead.
 */
export const skipWithoutStoriesModel: false | string = skipWhenMissing(
	existsSync(storiesModelPath),
	`needs ../shared/fixtures/models/stories260K.gguf (the shared test fixtures beside the repository); not found at ${storiesModelPath}`,
);
