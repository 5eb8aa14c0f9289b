export { defineFlow, Flow, type FlowOptions, type FlowStateSchema, isFlow } from "./flow.ts";
export { allOf, anyOf, describeCondition, type FlowCondition } from "./flow-condition.ts";
export { FlowStateError, FlowStepError } from "./flow-errors.ts";
export type { FlowGraph, FlowGraphStep } from "./flow-graph.ts";
export type { FlowStepOptions, StepContext } from "./flow-step.ts";
export type { FlowOutput, FlowRunOptions } from "./run-flow.ts";
