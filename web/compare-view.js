// Two runs side by side: their figures, their sources, and how their reports differ.

import { api } from "./api-client.js";
import {
	element,
	formatCost,
	formatDuration,
	formatNumber,
	runLabel,
	statusBadge,
} from "./format.js";

/** Lines of `a` and `b` marked same, removed (only in a) or added (only in b); LCS on lines. */
export function diffLines(a, b) {
	const n = a.length;
	const m = b.length;
	const table = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
	for (let i = n - 1; i >= 0; i--) {
		for (let j = m - 1; j >= 0; j--) {
			table[i][j] =
				a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
		}
	}
	const out = [];
	let i = 0;
	let j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && a[i] === b[j]) {
			out.push({ kind: "same", text: a[i] });
			i++;
			j++;
		} else if (j < m && (i === n || table[i][j + 1] >= table[i + 1][j])) {
			out.push({ kind: "added", text: b[j++] });
		} else {
			out.push({ kind: "removed", text: a[i++] });
		}
	}
	return out;
}

async function reportOf(runId) {
	try {
		return await api(`/api/runs/${encodeURIComponent(runId)}/report`);
	} catch {
		return undefined;
	}
}

/** Shows runs `a` and `b` compared in `container`. */
export async function showComparison(container, a, b) {
	container.replaceChildren(element("p", { className: "muted", text: "Loading both runs…" }));
	const [first, second] = await Promise.all(
		[a, b].map((id) => api(`/api/runs/${encodeURIComponent(id)}`)),
	);
	const [firstReport, secondReport] = await Promise.all([a, b].map(reportOf));
	const figure = (name, value) => [element("th", { scope: "row", text: name }), ...value];
	const both = (get) => [first, second].map((detail) => element("td", {}, get(detail.run)));
	const rows = [
		figure(
			"Run",
			both((run) =>
				element("a", { href: `#/runs/${encodeURIComponent(run.id)}`, text: runLabel(run) }),
			),
		),
		figure(
			"Status",
			both((run) => statusBadge(run.status)),
		),
		figure(
			"Model",
			both((run) => run.model ?? "default"),
		),
		figure(
			"Duration",
			both((run) => formatDuration(run.durationMs)),
		),
		figure(
			"Tokens in",
			both((run) => formatNumber(run.usage.inputTokens)),
		),
		figure(
			"Tokens out",
			both((run) => formatNumber(run.usage.outputTokens)),
		),
		figure(
			"Cost",
			both((run) => formatCost(run.cost)),
		),
	].map((cells) => element("tr", {}, ...cells));
	const titles = (report) => new Set((report?.sources ?? []).map((source) => source.title));
	const [firstSources, secondSources] = [titles(firstReport), titles(secondReport)];
	const sourceList = (name, items) =>
		element(
			"section",
			{ className: "compare-sources" },
			element("h3", { text: `${name} (${items.length})` }),
			element("ul", {}, ...items.map((title) => element("li", { text: title }))),
		);
	const lines = (report) =>
		(report?.markdown ?? "")
			.split("\n")
			.filter((line) => line.trim())
			.slice(0, 600);
	const diff = diffLines(lines(firstReport), lines(secondReport));
	const changed = diff.filter((line) => line.kind !== "same").length;
	container.replaceChildren(
		element("h1", { id: "compare-heading", tabindex: "-1", text: "Compare runs" }),
		element(
			"div",
			{ className: "table-scroll" },
			element(
				"table",
				{ className: "compare-table" },
				element(
					"thead",
					{},
					element(
						"tr",
						{},
						element("th", {}),
						element("th", { scope: "col", text: a }),
						element("th", { scope: "col", text: b }),
					),
				),
				element("tbody", {}, ...rows),
			),
		),
		element("h2", { text: "Sources" }),
		element(
			"div",
			{ className: "compare-columns" },
			sourceList(
				"Only in the first",
				[...firstSources].filter((title) => !secondSources.has(title)),
			),
			sourceList(
				"In both",
				[...firstSources].filter((title) => secondSources.has(title)),
			),
			sourceList(
				"Only in the second",
				[...secondSources].filter((title) => !firstSources.has(title)),
			),
		),
		element("h2", { text: `Report: ${changed} changed line(s)` }),
		firstReport && secondReport
			? element(
					"ol",
					{ className: "report-diff", "aria-label": "Report differences" },
					...diff.map((line) =>
						element("li", {
							className: `diff-${line.kind}`,
							text: `${line.kind === "added" ? "+ " : line.kind === "removed" ? "− " : "  "}${line.text}`,
						}),
					),
				)
			: element("p", { className: "muted", text: "Both runs need a report to compare them." }),
	);
	container.querySelector("#compare-heading")?.focus();
}
