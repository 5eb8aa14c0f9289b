/**
 * When a listening step runs: after a step (or a router's label), after all of several,
 * or after any of several. Conditions nest: `allOf("a", anyOf("b", "c"))`.
 */
export type FlowCondition = string | { allOf: FlowCondition[] } | { anyOf: FlowCondition[] };

/** Runs once every one of `conditions` has been met (again): CrewAI's `and_`. */
export const allOf = (...conditions: FlowCondition[]): FlowCondition => ({ allOf: conditions });

/** Runs once the first of `conditions` is met, once per round: CrewAI's `or_`. */
export const anyOf = (...conditions: FlowCondition[]): FlowCondition => ({ anyOf: conditions });

/** Every step name and label a condition mentions. */
export function conditionSources(condition: FlowCondition): string[] {
	if (typeof condition === "string") return [condition];
	const parts = "allOf" in condition ? condition.allOf : condition.anyOf;
	return parts.flatMap(conditionSources);
}

/**
 * How many times a condition has been met, given how many times each step ended and each
 * label was returned: a name's count, the least of `allOf`'s parts, the most of `anyOf`'s.
 * A listener runs each time this number grows past the times it has run.
 */
export function timesMet(condition: FlowCondition, counts: ReadonlyMap<string, number>): number {
	if (typeof condition === "string") return counts.get(condition) ?? 0;
	const parts = ("allOf" in condition ? condition.allOf : condition.anyOf).map((part) =>
		timesMet(part, counts),
	);
	return "allOf" in condition ? Math.min(...parts) : Math.max(...parts);
}

/** A condition as people read it: `a and (b or c)`. */
export function describeCondition(condition: FlowCondition): string {
	if (typeof condition === "string") return condition;
	const parts = ("allOf" in condition ? condition.allOf : condition.anyOf).map((part) =>
		typeof part === "string" ? part : `(${describeCondition(part)})`,
	);
	return parts.join("allOf" in condition ? " and " : " or ");
}
