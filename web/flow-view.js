// A flow run's graph with each step's status, live, and the form that answers a run
// waiting for a person (flows' askHuman and tasks' human_input). Fed the run's events.

import { api } from "./api-client.js";
import { renderFlowSvg, stepStatuses } from "./flow-graph.js";
import { element } from "./format.js";
import { createOutlineEditor } from "./outline-editor.js";

/** Creates the view over its panel; `onAnswered` is told when an answer continues the run. */
export function createFlowView({ panel, onAnswered }) {
	const graphBox = panel.querySelector("#flow-graph");
	const form = panel.querySelector("#answer-form");
	let runId;
	let graph;
	let events = [];
	let questions = new Map();
	let answered = new Set();
	/** The outline editor of an `outline` question (crewkit run --review), while one is open. */
	let outlineEditor;

	function render() {
		panel.hidden = !graph && questions.size === 0;
		if (graph) {
			graphBox.hidden = false;
			// The SVG's text is escaped by renderFlowSvg.
			graphBox.innerHTML = renderFlowSvg(graph, stepStatuses(events));
		} else graphBox.hidden = true;
		renderForm();
	}

	function open(id) {
		runId = id;
		graph = undefined;
		events = [];
		questions = new Map();
		answered = new Set();
		form.replaceChildren();
		render();
	}

	function apply(event) {
		if (event.type === "flow-start") graph = event.graph;
		if (event.type === "human-ask") questions.set(event.question.key, event.question);
		if (event.type === "human-answer") {
			questions.delete(event.key);
			answered.add(event.key);
		}
		if (event.type === "run-start") answered = new Set();
		if (graph || event.type.startsWith("human-") || event.type === "run-end") {
			events.push(event);
			render();
		}
	}

	function renderForm() {
		const question = [...questions.values()].find((candidate) => !answered.has(candidate.key));
		form.hidden = !question;
		if (!question) {
			outlineEditor = undefined;
			form.replaceChildren();
			return;
		}
		if (form.dataset.key === question.key) return;
		form.dataset.key = question.key;
		form.replaceChildren(...fieldsOf(question));
	}

	function fieldsOf(question) {
		const fields = [element("h3", { id: "answer-heading", text: "A person's answer is needed" })];
		if (question.draft !== undefined) {
			fields.push(element("pre", { className: "answer-draft", text: question.draft }));
		}
		outlineEditor = undefined;
		fields.push(element("p", { className: "answer-prompt", text: question.prompt }));
		if (question.type === "outline" && question.outline) {
			outlineEditor = createOutlineEditor(question.outline);
			fields.push(
				element("p", {
					className: "muted",
					text: "Drop, reorder, rename or add developments and leave sources out; the report is written from the outline as you send it.",
				}),
				outlineEditor.root,
				element("button", { type: "submit", text: "Write the report from this outline" }),
			);
		} else if (question.type === "approve") {
			fields.push(
				element(
					"div",
					{ className: "answer-buttons" },
					element("button", { type: "submit", value: "yes", text: "Approve" }),
					element("button", { type: "submit", value: "no", text: "Reject" }),
				),
			);
		} else if (question.type === "choose") {
			const choices = (question.choices ?? []).map((choice, index) =>
				element(
					"label",
					{ className: "answer-choice" },
					element("input", {
						type: "radio",
						name: "answer",
						value: choice,
						required: true,
						checked: index === 0,
					}),
					` ${choice}`,
				),
			);
			fields.push(
				element("fieldset", {}, element("legend", { text: "Choose one" }), ...choices),
				element("button", { type: "submit", text: "Send answer" }),
			);
		} else {
			const hint =
				question.type === "feedback"
					? "Leave empty to accept the answer, or say what to change."
					: question.schema
						? `JSON matching ${JSON.stringify(question.schema)}`
						: "Your answer";
			fields.push(
				element("label", { for: "answer-text", text: hint }),
				element("textarea", {
					id: "answer-text",
					name: "answer",
					rows: "4",
					required: question.type !== "feedback",
				}),
				element("button", { type: "submit", text: "Send answer" }),
			);
		}
		fields.push(element("p", { id: "answer-status", className: "muted", role: "status" }));
		return fields;
	}

	form.addEventListener("submit", async (event) => {
		event.preventDefault();
		const key = form.dataset.key;
		const question = questions.get(key);
		if (!question) return;
		const data = new FormData(form);
		const answer = outlineEditor
			? outlineEditor.read()
			: event.submitter?.value || data.get("answer") || "";
		const status = form.querySelector("#answer-status");
		status.textContent = "Sending…";
		try {
			await api(`/api/runs/${encodeURIComponent(runId)}/answer`, {
				method: "POST",
				json: { key, answer },
			});
			answered.add(key);
			status.textContent = "Answered: the run continues.";
			form.dataset.key = "";
			onAnswered?.();
		} catch (error) {
			status.textContent = error.message;
		}
	});

	return { open, apply };
}
