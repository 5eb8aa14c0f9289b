// crewkit's dashboard: start runs, watch them live, read reports, compare usage.
// Plain modules, no build step, one file per view. Routes: #/, #/runs/<id>,
// #/runs/<id>/<time|calls|report|crew>, #/compare/<a>/<b>, #/usage.

import {
	ApiError,
	adoptTokenFromAddress,
	api,
	eventsUrl,
	exportUrl,
	setToken,
	whenUnauthorized,
} from "./api-client.js";
import { createCallsView } from "./calls-view.js";
import { showComparison } from "./compare-view.js";
import { showCrewGraph } from "./crew-graph.js";
import { showEvaluation, showEvaluationRefused } from "./eval-view.js";
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
import { installKeyboard } from "./keyboard.js";
import { createReportView } from "./report-view.js";
import { createRunList } from "./run-list.js";
import { createTimeline } from "./run-timeline.js";
import { showTimeView } from "./time-view.js";
import { showUsage } from "./usage-view.js";

const byId = (id) => document.getElementById(id);

const views = {
	welcome: byId("welcome-view"),
	run: byId("run-view"),
	usage: byId("usage-view"),
	missing: byId("missing-view"),
	compare: byId("compare-view"),
};
const tabNames = ["timeline", "time", "calls", "report", "crew"];
const tabs = Object.fromEntries(tabNames.map((name) => [name, byId(`tab-${name}`)]));
const panels = Object.fromEntries(tabNames.map((name) => [name, byId(`${name}-panel`)]));
const callsView = createCallsView(byId("calls-view"), byId("call-inspector"));

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
const current = {
	runId: undefined,
	run: undefined,
	events: undefined,
	reportShown: false,
	/** The run whose report is being fetched. */
	reportLoading: undefined,
};

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
	tabs.report.textContent =
		run.status === "completed" ? "Report ✓" : run.status === "ungrounded" ? "Report ⚠" : "Report";
}

async function refreshRun() {
	const runId = current.runId;
	const detail = await api(`/api/runs/${encodeURIComponent(runId)}`);
	if (runId !== current.runId) return;
	current.run = detail.run;
	renderRunHeader();
}

/**
 * Events are queued as they arrive and applied in slices of a few milliseconds, rendered
 * once per slice: a run of 100,000 events opens without holding the page, and a click
 * between two slices is answered at once.
 */
function createEventQueue(source, runId) {
	const queue = [];
	let scheduled = false;
	let ended = false;
	const drain = () => {
		scheduled = false;
		if (current.events !== source || runId !== current.runId) return;
		const started = performance.now();
		let refresh = false;
		// The clock is read between groups of events: a slice ends after about 8 ms of
		// applying them, however many are queued.
		while (queue.length && performance.now() - started < 8) {
			for (const event of queue.splice(0, 100)) {
				timeline.apply(event);
				flowView.apply(event);
				if (["run-start", "model-end", "task-end"].includes(event.type)) refresh = true;
				if (event.type === "run-start") runList.load().catch(() => {});
				// A run waiting for a person goes on once answered: its stream stays open.
				if (event.type === "run-end" && event.status === "waiting") refresh = true;
				else if (event.type === "run-end") ended = true;
			}
		}
		timeline.render();
		if (queue.length) schedule();
		if (ended && !queue.length) {
			refreshRun()
				.then(() => {
					if (!panels.report.hidden) loadReport();
					else if (current.tab && current.tab !== "timeline") showRunView(current.tab);
				})
				.catch(() => {});
			runList.load().catch(() => {});
		} else if (refresh) refreshRunSoon();
	};
	const schedule = () => {
		if (scheduled) return;
		scheduled = true;
		setTimeout(drain, 0);
	};
	return (event) => {
		queue.push(event);
		if (event.type === "run-end" && event.status !== "waiting") source.close();
		schedule();
	};
}

let refreshTimer;
/** At most one summary request per second while events stream in. */
function refreshRunSoon() {
	if (refreshTimer) return;
	refreshTimer = setTimeout(() => {
		refreshTimer = undefined;
		refreshRun().catch(() => {});
	}, 1000);
}

function follow(runId) {
	current.events?.close();
	const source = new EventSource(eventsUrl(runId));
	current.events = source;
	const enqueue = createEventQueue(source, runId);
	source.onmessage = (message) => enqueue(JSON.parse(message.data));
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

/** The Time, Calls and Crew views read what they show when opened (and at the run's end). */
async function showRunView(name) {
	const runId = current.runId;
	const path = `/api/runs/${encodeURIComponent(runId)}`;
	try {
		if (name === "time" || name === "calls") {
			const calls = await api(`${path}/calls`);
			if (runId !== current.runId) return;
			if (name === "time")
				showTimeView(byId("time-view"), calls, {
					onCall: (id) => {
						current.openCall = id;
						location.hash = `#/runs/${encodeURIComponent(runId)}/calls`;
					},
				});
			else {
				callsView.show(runId, calls);
				if (current.openCall !== undefined) callsView.open(current.openCall);
				current.openCall = undefined;
			}
		} else if (name === "crew") {
			const crew = await api(`${path}/crew`);
			if (runId === current.runId) showCrewGraph(byId("crew-view"), crew);
		}
	} catch (error) {
		byId("run-error").textContent = error.message;
	}
}

async function openRun(runId, tab) {
	showView("run");
	if (runId !== current.runId) {
		current.runId = runId;
		current.run = undefined;
		current.reportShown = false;
		timeline.reset();
		flowView.open(runId);
		byId("downloads").hidden = true;
		byId("evaluation").replaceChildren();
		reportView.clear();
		byId("run-title").textContent = runId;
		byId("run-meta").textContent = "";
		byId("run-error").textContent = "";
		runList.select(runId);
		try {
			await refreshRun();
		} catch (error) {
			if (error instanceof ApiError && error.status === 404) {
				showMissingRun(runId);
				return;
			}
			byId("run-error").textContent = error.message;
			return;
		}
		follow(runId);
	}
	selectTab(tab);
}

/** A run id nobody knows (a stale link, a typo): say so, and offer the way back. */
function showMissingRun(runId) {
	current.runId = undefined;
	current.events?.close();
	showView("missing");
	byId("missing-run-id").textContent = runId;
	byId("missing-heading").focus();
}

async function loadReport() {
	const status = byId("report-status");
	const runId = current.runId;
	// Opening a finished run asks twice (the tab, then the replayed run-end): once is enough.
	if (current.reportShown || current.reportLoading === runId) return;
	if (["running", "queued"].includes(current.run?.status)) {
		status.textContent = "The report appears here when the run completes.";
		return;
	}
	status.textContent = "Loading the report…";
	current.reportLoading = runId;
	try {
		const report = await api(`/api/runs/${encodeURIComponent(runId)}/report`);
		if (runId !== current.runId) return;
		reportView.show(report);
		current.reportShown = true;
		// A report over a rendering limit comes as plain text, with the reason.
		status.textContent = report.renderError ?? "";
		showDownloads(runId);
		api(`/api/runs/${encodeURIComponent(runId)}/evaluation`)
			.then((evaluation) => {
				if (runId === current.runId) showEvaluation(byId("evaluation"), evaluation);
			})
			.catch((error) => {
				if (runId !== current.runId) return;
				// A report over an evaluation limit: the reason instead of the figures.
				if (error instanceof ApiError && error.code === "report_over_limits")
					showEvaluationRefused(byId("evaluation"), error.message);
				else byId("evaluation").replaceChildren();
			});
	} catch (error) {
		if (runId !== current.runId) return;
		reportView.clear();
		status.textContent =
			error instanceof ApiError && error.code === "report_not_ready"
				? "The report appears here when the run completes."
				: error.message;
	} finally {
		if (current.reportLoading === runId) current.reportLoading = undefined;
	}
}

function showDownloads(runId) {
	for (const format of ["md", "html", "pdf", "docx"]) {
		const link = byId(`download-${format}`);
		link.href = exportUrl(runId, format);
		link.setAttribute("download", `${runId}.${format}`);
	}
	byId("downloads").hidden = false;
}

function selectTab(name) {
	for (const [key, tab] of Object.entries(tabs)) {
		const selected = key === name;
		tab.setAttribute("aria-selected", String(selected));
		tab.tabIndex = selected ? 0 : -1;
		panels[key].hidden = !selected;
	}
	current.tab = name;
	if (name === "report") loadReport();
	else if (name !== "timeline") showRunView(name);
}

const tabHash = (name) =>
	`#/runs/${encodeURIComponent(current.runId)}${name === "timeline" ? "" : `/${name}`}`;

for (const [index, name] of tabNames.entries()) {
	const tab = tabs[name];
	tab.addEventListener("click", () => {
		location.hash = tabHash(name);
	});
	tab.addEventListener("keydown", (event) => {
		const step = { ArrowLeft: -1, ArrowRight: 1 }[event.key];
		if (!step) return;
		const other = tabs[tabNames[(index + step + tabNames.length) % tabNames.length]];
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
		location.hash.match(/^#\/(runs|usage|compare)?\/?([^/]*)\/?([^/]*)$/) ?? [];
	if (view === "runs" && runId) {
		openRun(decodeURIComponent(runId), tabNames.includes(tab) ? tab : "timeline");
		return;
	}
	if (view === "compare" && runId && tab) {
		current.events?.close();
		current.runId = undefined;
		showView("compare");
		showComparison(views.compare, decodeURIComponent(runId), decodeURIComponent(tab)).catch(
			(error) => {
				views.compare.replaceChildren(element("p", { className: "error", text: error.message }));
			},
		);
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

// Keyboard

/** The run links of the list, in order. */
const runLinks = () => [...document.querySelectorAll("#run-list a[href^='#/runs/']")];

installKeyboard(
	{
		search: () => byId("search-input").focus(),
		moveRun(step) {
			const links = runLinks();
			if (!links.length) return;
			const index = links.findIndex((link) => link.getAttribute("aria-current") === "page");
			const next = links[Math.min(links.length - 1, Math.max(0, index + step))] ?? links[0];
			next.focus();
			location.hash = next.getAttribute("href");
		},
		tab(index) {
			if (current.runId && tabNames[index]) location.hash = tabHash(tabNames[index]);
		},
		compare() {
			const links = runLinks();
			const index = links.findIndex((link) => link.getAttribute("aria-current") === "page");
			const other = links[index + 1] ?? links[index - 1];
			if (!current.runId || !other) return;
			location.hash = `#/compare/${encodeURIComponent(current.runId)}/${other.getAttribute("href").replace("#/runs/", "")}`;
		},
	},
	byId("keyboard-help"),
);
byId("keyboard-button").addEventListener("click", () => {
	const help = byId("keyboard-help");
	help.hidden = !help.hidden;
	if (!help.hidden) byId("keyboard-heading").focus();
});

adoptTokenFromAddress();
runList.load().catch(() => {});
route();
