// The report's evaluation beside it: structure, citation coverage and validity, support,
// redundancy (as `crewkit eval` measures them).

import { element } from "./format.js";

const percent = (value) =>
	value === undefined || value === null ? "–" : `${Math.round(value * 100)} %`;

/** Shows why the report is not evaluated (over a limit of size, time or memory) in `container`. */
export function showEvaluationRefused(container, reason) {
	container.replaceChildren(
		element("h2", { id: "evaluation-heading", text: "Evaluation" }),
		element("p", { className: "muted evaluation-refused", text: reason }),
	);
}

/** Shows `evaluation` (GET /api/runs/:id/evaluation) in `container`. */
export function showEvaluation(container, evaluation) {
	const figures = [
		[
			"Structure",
			evaluation.structure.ok
				? `ok · ${evaluation.structure.sections} sections`
				: `${evaluation.structure.problems.length} problem(s)`,
		],
		["Citation coverage (sections)", percent(evaluation.citations.sectionCoverage)],
		["Citation coverage (paragraphs)", percent(evaluation.citations.paragraphCoverage)],
		["Citation validity", percent(evaluation.citations.validity)],
		[
			"Support of cited sentences",
			evaluation.support
				? `${percent(evaluation.support.rate)} of ${evaluation.support.citedSentences}`
				: "– (no passages)",
		],
		["Redundancy (most similar sections)", percent(evaluation.redundancy.maxSimilarity)],
		["Sources listed", String(evaluation.sources.length)],
	];
	container.replaceChildren(
		element("h2", { id: "evaluation-heading", text: "Evaluation" }),
		element(
			"dl",
			{ className: "figures" },
			...figures.flatMap(([name, value]) => [
				element("dt", { text: name }),
				element("dd", { text: value }),
			]),
		),
		element("p", { className: "muted", text: evaluation.summary }),
	);
}
