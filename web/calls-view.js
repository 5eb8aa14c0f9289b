// Every model call of a run, and on demand its whole prompt and answer.

import { api } from "./api-client.js";
import { element, formatDuration, formatNumber, formatPromptTokens } from "./format.js";

/** Long lists show a page at a time. */
const pageSize = 100;

/** Lists `data.calls` (GET /api/runs/:id/calls) in `container`; `open(id)` shows one call. */
export function createCallsView(container, inspector) {
	let runId;
	let shown = pageSize;
	let data = { calls: [], failed: [] };

	async function open(id) {
		inspector.hidden = false;
		inspector.replaceChildren(element("p", { className: "muted", text: `Loading call #${id}…` }));
		try {
			const call = await api(`/api/runs/${encodeURIComponent(runId)}/calls/${id}`);
			const messages = (call.prompt ?? []).map((message) =>
				element(
					"section",
					{ className: `message role-${message.role}` },
					element("h4", { text: message.role }),
					element("pre", {
						text:
							typeof message.content === "string"
								? message.content
								: message.content.map((part) => part.text ?? JSON.stringify(part)).join("\n"),
					}),
				),
			);
			inspector.replaceChildren(
				element("h3", {
					id: "call-heading",
					tabindex: "-1",
					text: `Model call #${call.id} · ${call.task} · ${call.agent}`,
				}),
				element("p", {
					className: "muted",
					text: `${call.model} · ${formatPromptTokens(call.usage)} in · ${formatNumber(call.usage.outputTokens)} out · ${formatDuration(call.durationMs)} · ${call.finishReason}`,
				}),
				element("h4", { text: "Prompt" }),
				...messages,
				element("h4", { text: "Answer" }),
				element("pre", { className: "answer", text: call.response?.text ?? "" }),
				...(call.response?.toolCalls?.length
					? [element("pre", { text: JSON.stringify(call.response.toolCalls, null, 2) })]
					: []),
			);
			inspector.querySelector("#call-heading")?.focus();
		} catch (error) {
			inspector.replaceChildren(element("p", { className: "error", text: error.message }));
		}
	}

	function render() {
		const rows = data.calls.slice(0, shown).map((call) =>
			element(
				"tr",
				{},
				element("td", { className: "number", text: `#${call.id}` }),
				element("td", { text: call.task }),
				element("td", { text: call.agent }),
				element("td", { className: "number", text: formatPromptTokens(call.usage) }),
				element("td", { className: "number", text: formatNumber(call.usage.outputTokens) }),
				element("td", { className: "number", text: formatDuration(call.durationMs) }),
				element("td", {
					className: "answer-preview",
					text: call.answer || call.toolCalls.join(", "),
				}),
				element(
					"td",
					{},
					element("button", {
						type: "button",
						className: "secondary small",
						text: "Prompt & answer",
						"aria-label": `Prompt and answer of call ${call.id}`,
						onclick: () => open(call.id),
					}),
				),
			),
		);
		const failed = data.failed.map((call) =>
			element("li", {
				className: "error",
				text: `${call.task} · ${call.agent} · ${call.model}: failed after ${call.attempts} attempt(s): ${call.error}`,
			}),
		);
		const more =
			data.calls.length > shown
				? element("button", {
						type: "button",
						className: "secondary",
						text: `Show ${Math.min(pageSize, data.calls.length - shown)} more of ${formatNumber(data.calls.length - shown)}`,
						onclick: () => {
							shown += pageSize;
							render();
						},
					})
				: undefined;
		container.replaceChildren(
			...(failed.length ? [element("ul", { className: "failed-calls" }, ...failed)] : []),
			element(
				"div",
				{ className: "table-scroll" },
				element(
					"table",
					{ className: "calls-table" },
					element(
						"thead",
						{},
						element(
							"tr",
							{},
							...["#", "Task", "Agent", "In", "Out", "Time", "Answer", ""].map((name) =>
								element("th", { scope: "col", text: name }),
							),
						),
					),
					element("tbody", {}, ...rows),
				),
			),
			...(more ? [more] : []),
		);
	}

	return {
		show(id, calls) {
			runId = id;
			data = calls;
			shown = pageSize;
			inspector.hidden = true;
			render();
		},
		open,
	};
}
