// The live view of a run: a card per task on a timeline (agent, status, tokens, time,
// tool calls with their sources, streamed text) and a table of the agents.

import { element, formatDuration, formatNumber, statusBadge } from "./format.js";
import { createPromptProgress } from "./prompt-progress.js";

/** What a tool call reads: its URL, path or query. */
function describeSource(input) {
	if (input && typeof input === "object") {
		if (typeof input.url === "string") return { text: input.url, url: input.url };
		if (typeof input.path === "string") return { text: input.path };
		if (typeof input.query === "string") return { text: `“${input.query}”` };
	}
	return { text: JSON.stringify(input ?? {}) };
}

const isWebAddress = (text) => /^https?:\/\//i.test(text);

/** Creates the timeline over its elements; feed it the run's events in order. */
/** Model calls kept on the page per task, and characters of streamed text per call. */
const shownCalls = 12;
const maxStreamChars = 6000;

export function createTimeline({ list, agentRows, eventCount }) {
	let tasks = new Map();
	let agents = new Map();
	let received = 0;
	/** Tasks with streamed text not yet on the page, and streams to scroll to their end. */
	const pendingTasks = new Set();
	const dirty = new Set();
	/** Calls whose prompt-evaluation figures changed since the last render. */
	const progressing = new Set();

	function agentOf(name) {
		let agent = agents.get(name);
		if (!agent) {
			agent = { name, calls: 0, input: 0, output: 0, running: new Set(), status: "waiting" };
			agents.set(name, agent);
		}
		return agent;
	}

	function taskOf(event) {
		let task = tasks.get(event.task);
		if (task) return task;
		const status = statusBadge("running");
		const meta = element("span", { className: "task-meta" });
		const tools = element("ul", {
			className: "tool-calls",
			"aria-label": `Tool calls of ${event.task}`,
		});
		const calls = element("div", { className: "model-calls" });
		const note = element("p", { className: "task-note" });
		const card = element(
			"li",
			{ className: "task-card running", dataset: { task: event.task } },
			element(
				"div",
				{ className: "task-heading" },
				element("h3", { text: event.task }),
				element("span", { className: "agent-name", text: event.agent }),
				status,
				meta,
			),
			note,
			tools,
			calls,
		);
		list.append(card);
		task = {
			name: event.task,
			agent: event.agent,
			card,
			status,
			meta,
			tools,
			calls,
			note,
			startedAt: event.at ?? Date.now(),
			durationMs: undefined,
			input: 0,
			output: 0,
			toolCalls: new Map(),
			text: undefined,
			pending: "",
			hiddenCalls: 0,
			hiddenNote: undefined,
		};
		tasks.set(event.task, task);
		agentOf(event.agent).running.add(event.task);
		return task;
	}

	function setTaskStatus(task, status) {
		task.card.className = `task-card ${status}`;
		const badge = statusBadge(status);
		task.status.replaceWith(badge);
		task.status = badge;
	}

	function renderTask(task) {
		const elapsed = task.durationMs ?? Date.now() - task.startedAt;
		task.meta.textContent = `${formatNumber(task.input)} in · ${formatNumber(task.output)} out · ${formatDuration(elapsed)}`;
	}

	function renderAgents() {
		const rows = [...agents.values()].map((agent) => {
			// An agent's time is the time of its tasks: finished ones, and running ones until now.
			const own = [...tasks.values()].filter((task) => task.agent === agent.name);
			const ms = own.reduce(
				(sum, task) => sum + (task.durationMs ?? Date.now() - task.startedAt),
				0,
			);
			const status = agent.running.size ? "running" : agent.status;
			return element(
				"tr",
				{},
				element("th", { scope: "row", text: agent.name }),
				element("td", {}, statusBadge(status)),
				element("td", { className: "number", text: formatNumber(agent.calls) }),
				element("td", { className: "number", text: formatNumber(agent.input) }),
				element("td", { className: "number", text: formatNumber(agent.output) }),
				element("td", { className: "number", text: formatDuration(ms) }),
			);
		});
		agentRows.replaceChildren(...rows);
	}

	function startModelCall(task, event) {
		flushText(task);
		endPromptProgress(task.text);
		const text = element("pre", { className: "stream", tabindex: "0" });
		const label = element("p", { className: "call-label", text: `model call · ${event.model}` });
		const block = element("div", { className: "model-call live" }, label, text);
		task.calls.append(block);
		task.text = { block, text, label, progress: undefined, figures: undefined, answered: false };
		// A long run keeps only its latest calls on the page; all of them are in the Calls tab.
		while (task.calls.childElementCount > shownCalls + 1) {
			const oldest = task.calls.firstElementChild?.classList.contains("hidden-calls")
				? task.calls.children[1]
				: task.calls.firstElementChild;
			oldest?.remove();
			task.hiddenCalls += 1;
		}
		if (task.hiddenCalls) {
			task.hiddenNote ??= element("p", { className: "hidden-calls muted" });
			task.hiddenNote.textContent = `${formatNumber(task.hiddenCalls)} earlier model calls not shown here (see Calls)`;
			if (task.calls.firstElementChild !== task.hiddenNote) task.calls.prepend(task.hiddenNote);
		}
	}

	/** The prompt-evaluation bar leaves once the answer streams, or the call ends. */
	function endPromptProgress(call) {
		if (!call) return;
		call.progress?.element.remove();
		call.progress = undefined;
		call.figures = undefined;
		call.block.classList.remove("evaluating");
	}

	/** Shows the latest prompt-evaluation figures of a call (once per render). */
	function renderPromptProgress(call) {
		if (!call.figures || call.answered) return;
		if (!call.progress) {
			call.progress = createPromptProgress();
			call.text.before(call.progress.element);
			call.block.classList.add("evaluating");
		}
		call.progress.update(call.figures);
	}

	/** Streamed text waits here and reaches the page once per batch: no layout per token. */
	function flushText(task) {
		if (!task.pending || !task.text) return;
		endPromptProgress(task.text);
		const stream = task.text.text;
		stream.append(task.pending);
		task.pending = "";
		if (stream.childNodes.length > 64 || (stream.textContent?.length ?? 0) > maxStreamChars) {
			const whole = stream.textContent ?? "";
			stream.textContent =
				whole.length > maxStreamChars ? `…${whole.slice(-maxStreamChars)}` : whole;
		}
		dirty.add(task);
	}

	const handlers = {
		"run-start": () => {},
		"task-start": (event) => {
			agentOf(event.agent);
			taskOf(event);
		},
		"task-restore": (event) => {
			const task = taskOf(event);
			task.note.textContent = `Restored from run ${event.fromRun}.`;
			task.input = event.usage.inputTokens;
			task.output = event.usage.outputTokens;
			task.durationMs = 0;
			setTaskStatus(task, "completed");
			agentOf(event.agent).running.delete(event.task);
		},
		"model-start": (event) => startModelCall(taskOf(event), event),
		"model-progress": (event) => {
			const task = taskOf(event);
			if (!task.text) startModelCall(task, { model: "" });
			if (task.text.answered) return;
			task.text.figures = {
				evaluatedTokens: event.evaluatedTokens,
				promptTokens: event.promptTokens,
				tokensPerSecond: event.tokensPerSecond,
			};
			progressing.add(task.text);
		},
		"model-delta": (event) => {
			const task = taskOf(event);
			if (!task.text) startModelCall(task, { model: "" });
			task.text.answered = true;
			task.pending += event.delta;
			pendingTasks.add(task);
		},
		"model-retry": (event) => {
			const task = taskOf(event);
			flushText(task);
			endPromptProgress(task.text);
			if (task.text) {
				// The retried call evaluates its prompt again.
				task.text.answered = false;
				task.text.block.classList.add("discarded");
				task.text.label.textContent = `retried (attempt ${event.attempt}): ${event.reason}`;
			}
		},
		"model-end": (event) => {
			const task = taskOf(event);
			flushText(task);
			endPromptProgress(task.text);
			const agent = agentOf(event.agent);
			agent.calls += 1;
			agent.input += event.usage.inputTokens;
			agent.output += event.usage.outputTokens;
			task.input += event.usage.inputTokens;
			task.output += event.usage.outputTokens;
			if (task.text) {
				task.text.block.classList.remove("live");
				task.text.label.textContent = `model call · ${event.model} · ${formatNumber(event.usage.inputTokens)} in, ${formatNumber(event.usage.outputTokens)} out · ${formatDuration(event.durationMs)} · ${event.finishReason}`;
				if (!task.text.text.textContent && event.response?.toolCalls?.length)
					task.text.block.remove();
				task.text = undefined;
			}
		},
		"tool-call": (event) => {
			const task = taskOf(event);
			const source = describeSource(event.input);
			const target =
				source.url && isWebAddress(source.url)
					? element("a", {
							href: source.url,
							target: "_blank",
							rel: "noopener noreferrer",
							text: source.text,
						})
					: element("code", { text: source.text });
			const state = element("span", { className: "tool-state", text: "…" });
			const item = element(
				"li",
				{ className: "tool-call pending" },
				element("span", { className: "tool-name", text: event.toolName }),
				" ",
				target,
				" ",
				state,
			);
			task.tools.append(item);
			task.toolCalls.set(event.toolCallId, { item, state });
		},
		"tool-result": (event) => {
			const call = taskOf(event).toolCalls.get(event.toolCallId);
			if (!call) return;
			call.item.className = `tool-call ${event.isError ? "failed" : "done"}`;
			call.state.textContent = event.isError ? "failed" : "read";
			const output = typeof event.output === "string" ? event.output : JSON.stringify(event.output);
			call.item.append(
				element(
					"details",
					{},
					element("summary", { text: "result" }),
					element("pre", { text: output.length > 600 ? `${output.slice(0, 600)}…` : output }),
				),
			);
		},
		"task-retry": (event) => {
			taskOf(event).note.textContent = `Retry ${event.attempt}: ${event.reason}`;
		},
		"task-end": (event) => {
			const task = taskOf(event);
			task.durationMs = event.durationMs;
			task.input = event.usage.inputTokens;
			task.output = event.usage.outputTokens;
			setTaskStatus(task, "completed");
			const agent = agentOf(event.agent);
			agent.running.delete(event.task);
			agent.status = "done";
		},
		"run-end": (event) => {
			for (const task of tasks.values()) {
				endPromptProgress(task.text);
				if (task.durationMs !== undefined) continue;
				task.durationMs = Date.now() - task.startedAt;
				setTaskStatus(task, event.status === "completed" ? "completed" : event.status);
			}
			for (const agent of agents.values()) agent.running.clear();
		},
	};

	return {
		/** Applies one event of the run (shown at the next `render`). */
		apply(event) {
			received += 1;
			handlers[event.type]?.(event);
		},
		/** Applies events and renders once: the way to feed it many events. */
		applyAll(events) {
			for (const event of events) this.apply(event);
			this.render();
		},
		/** Puts pending text on the page, scrolls live streams once, re-renders counts. */
		render() {
			for (const task of pendingTasks) flushText(task);
			pendingTasks.clear();
			for (const call of progressing) renderPromptProgress(call);
			progressing.clear();
			for (const task of dirty) {
				if (task.text) task.text.text.scrollTop = task.text.text.scrollHeight;
			}
			dirty.clear();
			this.refresh();
		},
		/** Re-renders times and counts (called every second while the run goes). */
		refresh() {
			for (const task of tasks.values()) renderTask(task);
			renderAgents();
			eventCount.textContent = `${formatNumber(received)} events received`;
		},
		reset() {
			pendingTasks.clear();
			dirty.clear();
			progressing.clear();
			tasks = new Map();
			agents = new Map();
			received = 0;
			list.replaceChildren();
			agentRows.replaceChildren();
			eventCount.textContent = "";
		},
	};
}
