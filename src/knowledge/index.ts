/**
 * Knowledge: files and folders attached to agents and crews (`knowledge: ['./docs']`),
 * indexed once with the local source index (unchanged files skipped), searched before
 * each task, and given to the agent as quoted passages with citable source ids.
 */

export type { KnowledgeOptions } from "./knowledge-options.ts";
export { type KnowledgeOwner, openRunKnowledge, type RunKnowledge } from "./run-knowledge.ts";
