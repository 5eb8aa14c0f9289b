import { judgeVerdict } from "./judge-answer.ts";

/**
 * The zod schema of the judge's answer, as `crewkit/testing` exports it: made when that
 * entry loads. The root entry (`runCrewTrials`) reaches the judge without it, so
 * `import "crewkit"` does not load zod.
 */
export const judgeVerdictSchema = judgeVerdict();
