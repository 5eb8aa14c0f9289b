// The list of past runs, with search and a status filter.

import { api } from "./api-client.js";
import { element, formatNumber, formatTime, runLabel, statusBadge } from "./format.js";

/** Creates the run list over its elements; `open(runId)` is called when a run is chosen. */
export function createRunList({ list, empty, search, status }) {
	let timer;
	let selected;

	async function load() {
		const query = new URLSearchParams({ limit: "50" });
		if (search.value.trim()) query.set("q", search.value.trim());
		if (status.value) query.set("status", status.value);
		const { runs } = await api(`/api/runs?${query}`);
		list.replaceChildren(
			...runs.map((run) =>
				element(
					"li",
					{},
					element(
						"a",
						{
							href: `#/runs/${encodeURIComponent(run.id)}`,
							className: "run-link",
							"aria-current": run.id === selected ? "page" : undefined,
						},
						element("span", { className: "run-label", text: runLabel(run) }),
						element(
							"span",
							{ className: "run-line" },
							statusBadge(run.status),
							element("span", {
								text: `${run.crew} · ${formatTime(run.createdAt)} · ${formatNumber(run.usage.totalTokens)} tokens`,
							}),
						),
					),
				),
			),
		);
		empty.hidden = runs.length > 0;
		return runs;
	}

	const reload = () => {
		clearTimeout(timer);
		timer = setTimeout(() => load().catch(() => {}), 200);
	};
	search.addEventListener("input", reload);
	status.addEventListener("change", reload);

	return {
		load,
		/** Marks the open run. */
		select(runId) {
			selected = runId;
			for (const link of list.querySelectorAll("a.run-link")) {
				if (link.getAttribute("href") === `#/runs/${encodeURIComponent(runId)}`)
					link.setAttribute("aria-current", "page");
				else link.removeAttribute("aria-current");
			}
		},
		/** The current search, for the usage view. */
		query() {
			return { q: search.value.trim(), status: status.value };
		},
	};
}
