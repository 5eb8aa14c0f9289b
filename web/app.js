// crewkit's dashboard: start runs, watch them live, read reports, compare usage.
// Plain modules, no build step. Routes: #/, #/runs/<id>, #/runs/<id>/report, #/usage.

import {
	ApiError,
	adoptTokenFromAddress,
	api,
	eventsUrl,
	setToken,
	whenUnauthorized,
} from "./api-client.js";
import { createFlowView } from "./flow-view.js";
import {
	element,
	formatCost,
	formatDuration,
	formatNumber,
	formatTime,
	runLabel,
	statusBadge,
} from "./format.js";
import { createReportView } from "./report-view.js";
import { createRunList } from "./run-list.js";
import { createTimeline } from "./run-timeline.js";
import { showUsage } from "./usage-view.js";

const byId = (id) => document.getElementById(id);

const views = { welcome: byId("welcome-view"), run: byId("run-view"), usage: byId("usage-view") };
const tabs = { timeline: byId("tab-timeline"), report: byId("tab-report") };
const panels = { timeline: byId("timeline-panel"), report: byId("report-panel") };

const runList = createRunList({
	list: byId("run-list"),
	empty: byId("run-list-empty"),
	search: byId("search-input"),
	status: byId("status-filter"),
});
const timeline = createTimeline({
	list: byId("timeline"),
	agentRows: byId("agent-rows"),
	eventCount: byId("event-count"),
});
const reportView = createReportView({ article: byId("report"), sourceList: byId("source-list") });
// Flows and people in the loop: the graph and the answer form (flow-view.js).
const flowView = createFlowView({ panel: byId("flow-panel"), onAnswered: () => refreshRun() });

/** The open run: its id, summary, live stream and whether its report is shown. */
const current = { runId: undefined, run: undefined, events: undefined, reportShown: false };

function showView(name) {
	for (const [key, view] of Object.entries(views)) view.hidden = key !== name;
	const active = name === "usage" ? "nav-usage" : "nav-runs";
	for (const link of document.querySelectorAll("nav a")) {
		if (link.id === active) link.setAttribute("aria-current", "page");
		else link.removeAttribute("aria-current");
	}
}

// Runs

function renderRunHeader() {
	const run = current.run;
	if (!run) return;
	byId("run-title").textContent = runLabel(run);
	const parts = [
		run.crew,
		run.model ?? "default model",
		`started ${formatTime(run.createdAt)}`,
		formatDuration(run.status === "running" ? Date.now() - run.createdAt : run.durationMs),
		`${formatNumber(run.usage.totalTokens)} tokens`,
		`cost ${formatCost(run.cost)}`,
	];
	byId("run-meta").replaceChildren(statusBadge(run.status), ` ${parts.join(" · ")}`);
	byId("cancel-button").hidden = !(run.status === "running" || run.status === "queued");
	byId("run-error").textContent = run.error ? `Error: ${run.error}` : "";
	tabs.report.textContent = run.status === "completed" ? "Report ✓" : "Report";
}

async function refreshRun() {
	const runId = current.runId;
	const detail = await api(`/api/runs/${encodeURIComponent(runId)}`);
	if (runId !== current.runId) return;
	current.run = detail.run;
	renderRunHeader();
}

function follow(runId) {
	current.events?.close();
	const source = new EventSource(eventsUrl(runId));
	current.events = source;
	source.onmessage = (message) => {
		const event = JSON.parse(message.data);
		timeline.apply(event);
		flowView.apply(event);
		if (event.type === "run-start") runList.load().catch(() => {});
		if (["run-start", "model-end", "task-end"].includes(event.type)) refreshRun().catch(() => {});
		if (event.type === "run-end" && event.status === "waiting") refreshRun().catch(() => {});
		if (event.type === "run-end" && event.status !== "waiting") {
			source.close();
			refreshRun()
				.then(() => {
					if (!panels.report.hidden) loadReport();
				})
				.catch(() => {});
			runList.load().catch(() => {});
		}
	};
	source.onerror = () => {
		if (current.events !== source) return;
		if (source.readyState === EventSource.CLOSED) {
			byId("run-error").textContent = "Live updates stopped: reload the page to try again.";
			return;
		}
		// The stream ended without run-end (an interrupted run): stop reconnecting if it is over.
		refreshRun()
			.then(() => {
				if (!["running", "queued"].includes(current.run?.status)) source.close();
			})
			.catch(() => {});
	};
}

async function openRun(runId, tab) {
	showView("run");
	if (runId !== current.runId) {
		current.runId = runId;
		current.run = undefined;
		current.reportShown = false;
		timeline.reset();
		flowView.open(runId);
		reportView.clear();
		byId("run-title").textContent = runId;
		byId("run-meta").textContent = "";
		byId("run-error").textContent = "";
		runList.select(runId);
		try {
			await refreshRun();
		} catch (error) {
			byId("run-error").textContent = error.message;
			return;
		}
		follow(runId);
	}
	selectTab(tab);
}

async function loadReport() {
	const status = byId("report-status");
	if (current.reportShown) return;
	status.textContent = "Loading the report…";
	try {
		const report = await api(`/api/runs/${encodeURIComponent(current.runId)}/report`);
		reportView.show(report);
		current.reportShown = true;
		status.textContent = "";
	} catch (error) {
		reportView.clear();
		status.textContent =
			error instanceof ApiError && error.code === "report_not_ready"
				? "The report appears here when the run completes."
				: error.message;
	}
}

function selectTab(name) {
	for (const [key, tab] of Object.entries(tabs)) {
		const selected = key === name;
		tab.setAttribute("aria-selected", String(selected));
		tab.tabIndex = selected ? 0 : -1;
		panels[key].hidden = !selected;
	}
	if (name === "report") loadReport();
}

for (const [name, tab] of Object.entries(tabs)) {
	tab.addEventListener("click", () => {
		location.hash = `#/runs/${encodeURIComponent(current.runId)}${name === "report" ? "/report" : ""}`;
	});
	tab.addEventListener("keydown", (event) => {
		if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
		const other = name === "timeline" ? tabs.report : tabs.timeline;
		other.focus();
		other.click();
	});
}

byId("cancel-button").addEventListener("click", async (event) => {
	const button = event.currentTarget;
	button.disabled = true;
	try {
		await api(`/api/runs/${encodeURIComponent(current.runId)}/cancel`, { method: "POST" });
		await refreshRun();
	} catch (error) {
		byId("run-error").textContent = error.message;
	} finally {
		button.disabled = false;
	}
});

// Starting a run

byId("start-form").addEventListener("submit", async (event) => {
	event.preventDefault();
	const form = event.currentTarget;
	const field = (name) => form.elements[name].value.trim();
	const body = { inputs: { topic: field("topic") } };
	for (const name of ["model", "sources", "crew"]) if (field(name)) body[name] = field(name);
	const button = byId("start-button");
	const error = byId("start-error");
	button.disabled = true;
	error.textContent = "";
	try {
		const { runId } = await api("/api/runs", { method: "POST", json: body });
		location.hash = `#/runs/${encodeURIComponent(runId)}`;
		runList.load().catch(() => {});
	} catch (failure) {
		error.textContent = failure.message;
	} finally {
		button.disabled = false;
	}
});

// Token

whenUnauthorized(() => {
	byId("token-form").hidden = false;
	byId("token-input").focus();
});
byId("token-form").addEventListener("submit", (event) => {
	event.preventDefault();
	setToken(byId("token-input").value.trim());
	byId("token-form").hidden = true;
	current.runId = undefined;
	route();
	runList.load().catch(() => {});
});

// Routing

function route() {
	const [, view, runId, tab] =
		location.hash.match(/^#\/(runs|usage)?\/?([^/]*)\/?(report)?$/) ?? [];
	if (view === "runs" && runId) {
		openRun(decodeURIComponent(runId), tab === "report" ? "report" : "timeline");
		return;
	}
	current.events?.close();
	current.runId = undefined;
	if (view === "usage") {
		showView("usage");
		showUsage(byId("usage-rows"), runList.query()).catch((error) => {
			byId("usage-rows").replaceChildren(
				element("tr", {}, element("td", { colspan: "9", className: "error", text: error.message })),
			);
		});
		return;
	}
	showView("welcome");
}

window.addEventListener("hashchange", route);
setInterval(() => {
	if (current.run?.status !== "running" || document.hidden) return;
	renderRunHeader();
	timeline.refresh();
}, 1000);
setInterval(() => {
	if (!document.hidden) runList.load().catch(() => {});
}, 15_000);

adoptTokenFromAddress();
runList.load().catch(() => {});
route();
