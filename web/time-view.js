// The run on a time axis: a row per task, with its model calls (tokens in and out) and
// tool calls as bars; a click on a call opens its prompt and answer.

import { element, formatDuration, formatNumber } from "./format.js";

/** Places bars with the CSS object model (the page's CSP forbids style attributes). */
function placeBars(root) {
	for (const bar of root.querySelectorAll("[data-left]")) {
		bar.style.left = bar.dataset.left;
		if (bar.dataset.width) bar.style.width = bar.dataset.width;
	}
}

/** Draws the time view of `data` (GET /api/runs/:id/calls) into `container`. */
export function showTimeView(container, data, { onCall } = {}) {
	const spans = [
		...data.calls.map((call) => [call.startedAt, call.endedAt]),
		...data.toolCalls.map((call) => [call.at, call.at]),
		...data.failed.map((call) => [call.at, call.at]),
	];
	if (!spans.length) {
		container.replaceChildren(
			element("p", { className: "muted", text: "No model or tool call yet." }),
		);
		return;
	}
	const start = Math.min(...spans.map(([from]) => from));
	const end = Math.max(...spans.map(([, to]) => to), start + 1);
	const at = (time) => `${(((time - start) / (end - start)) * 100).toFixed(3)}%`;
	const width = (from, to) => `max(3px, ${(((to - from) / (end - start)) * 100).toFixed(3)}%)`;
	const tasks = [...new Set([...data.calls, ...data.failed].map((call) => call.task))];
	const rows = tasks.map((task) => {
		const calls = data.calls.filter((call) => call.task === task);
		const from = Math.min(...calls.map((call) => call.startedAt), Number.POSITIVE_INFINITY);
		const to = Math.max(...calls.map((call) => call.endedAt), 0);
		const input = calls.reduce((sum, call) => sum + call.usage.inputTokens, 0);
		const output = calls.reduce((sum, call) => sum + call.usage.outputTokens, 0);
		const track = element("div", { className: "time-track" });
		if (calls.length) {
			track.append(
				element("span", {
					className: "time-bar task-bar",
					"data-left": at(from),
					"data-width": width(from, to),
					title: `${task}: ${formatDuration(to - from)}`,
				}),
			);
		}
		for (const call of calls) {
			track.append(
				element("button", {
					type: "button",
					className: "time-bar call-bar",
					"data-left": at(call.startedAt),
					"data-width": width(call.startedAt, call.endedAt),
					title: `model call #${call.id} · ${call.agent} · ${formatNumber(call.usage.inputTokens)} in (evaluated), ${formatNumber(call.usage.outputTokens)} out · ${formatDuration(call.durationMs)}`,
					"aria-label": `Model call ${call.id} of ${task}: ${formatNumber(call.usage.inputTokens)} tokens in, ${formatNumber(call.usage.outputTokens)} out, ${formatDuration(call.durationMs)}`,
					onclick: () => onCall?.(call.id),
				}),
			);
		}
		for (const tool of data.toolCalls.filter((call) => call.task === task)) {
			track.append(
				element("span", {
					className: `time-bar tool-bar${tool.isError ? " failed" : ""}`,
					"data-left": at(tool.at),
					title: `${tool.toolName}${tool.isError ? " (failed)" : ""}`,
				}),
			);
		}
		for (const failed of data.failed.filter((call) => call.task === task)) {
			track.append(
				element("span", {
					className: "time-bar failed-bar",
					"data-left": at(failed.at),
					title: `failed model call: ${failed.error}`,
				}),
			);
		}
		return element(
			"li",
			{ className: "time-row" },
			element(
				"div",
				{ className: "time-label" },
				element("strong", { text: task }),
				element("span", {
					className: "muted",
					text: `${calls.length} calls · ${formatNumber(input)} in · ${formatNumber(output)} out`,
				}),
			),
			track,
		);
	});
	container.replaceChildren(
		element(
			"p",
			{ className: "legend" },
			element("span", { className: "swatch task-bar" }),
			" task ",
			element("span", { className: "swatch call-bar" }),
			" model call ",
			element("span", { className: "swatch tool-bar" }),
			" tool call ",
			element("span", { className: "swatch failed-bar" }),
			" failed call",
		),
		element("ol", { className: "time-rows", "aria-label": "Tasks on a time axis" }, ...rows),
		element("p", { className: "muted", text: `0 – ${formatDuration(end - start)}` }),
	);
	placeBars(container);
}
