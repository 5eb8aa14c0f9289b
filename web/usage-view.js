// Usage across runs: a table with a bar of each run's tokens (input and output).

import { api } from "./api-client.js";
import {
	element,
	formatCost,
	formatDuration,
	formatNumber,
	formatPromptTokens,
	runLabel,
	statusBadge,
} from "./format.js";

/** Loads and shows `GET /api/usage` for the given search. */
export async function showUsage(rows, { q, status }) {
	const query = new URLSearchParams({ limit: "30" });
	if (q) query.set("q", q);
	if (status) query.set("status", status);
	const { runs } = await api(`/api/usage?${query}`);
	const most = Math.max(1, ...runs.map((run) => run.usage.totalTokens));
	rows.replaceChildren(
		...runs.map((run) => {
			const input = element("span", { className: "bar-input" });
			const output = element("span", { className: "bar-output" });
			input.style.width = `${(run.usage.inputTokens / most) * 100}%`;
			output.style.width = `${(run.usage.outputTokens / most) * 100}%`;
			return element(
				"tr",
				{},
				element(
					"th",
					{ scope: "row" },
					element("a", { href: `#/runs/${encodeURIComponent(run.id)}`, text: runLabel(run) }),
					element("span", { className: "muted run-id", text: run.id }),
				),
				element("td", { text: run.model ?? "–" }),
				element("td", {}, statusBadge(run.status)),
				element("td", { className: "number", text: formatNumber(run.modelCalls) }),
				element("td", { className: "number", text: formatPromptTokens(run.usage) }),
				element("td", { className: "number", text: formatNumber(run.usage.outputTokens) }),
				element(
					"td",
					{ className: "bar-cell" },
					element("span", { className: "bar", "aria-hidden": "true" }, input, output),
					element("span", { className: "bar-total", text: formatNumber(run.usage.totalTokens) }),
				),
				element("td", { className: "number", text: formatDuration(run.durationMs) }),
				element("td", { className: "number", text: formatCost(run.cost) }),
			);
		}),
	);
	if (runs.length === 0)
		rows.replaceChildren(
			element("tr", {}, element("td", { colspan: "9", className: "muted", text: "No runs yet." })),
		);
}
