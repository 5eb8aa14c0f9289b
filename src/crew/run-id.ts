import { randomUUID } from "node:crypto";

/** A new run id: time-ordered, with a random tail. */
export const newRunId = (): string => `run_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;
