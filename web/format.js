// Formatting of numbers, times and statuses, and a small element builder.

const numberFormat = new Intl.NumberFormat("en-US");

export const formatNumber = (value) => numberFormat.format(value ?? 0);

/**
 * Prompt tokens, with how many the model evaluated when some came from its KV cache
 * (the embedded model): "3,400 (1,200 evaluated)", as `crewkit log` shows them.
 */
export function formatPromptTokens(usage) {
	const prompt = formatNumber(usage?.inputTokens);
	if (usage?.cachedInputTokens === undefined) return prompt;
	return `${prompt} (${formatNumber(usage.inputTokens - usage.cachedInputTokens)} evaluated)`;
}

/** "850 ms", "12.4 s", "3 min 05 s". */
export function formatDuration(ms) {
	if (ms === undefined || ms === null || Number.isNaN(ms)) return "–";
	if (ms < 1000) return `${Math.round(ms)} ms`;
	if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
	const minutes = Math.floor(ms / 60_000);
	const seconds = Math.round((ms % 60_000) / 1000);
	return `${minutes} min ${String(seconds).padStart(2, "0")} s`;
}

export const formatCost = (cost) =>
	cost === undefined || cost === null ? "unknown" : cost === 0 ? "$0" : `$${cost.toFixed(4)}`;

export const formatTime = (at) =>
	new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The topic of a run, or its inputs in short. */
export function runLabel(run) {
	if (typeof run.inputs?.topic === "string" && run.inputs.topic) return run.inputs.topic;
	const inputs = Object.entries(run.inputs ?? {}).filter(([key]) => key !== "current_year");
	return inputs.length ? inputs.map(([key, value]) => `${key}=${value}`).join(" ") : run.id;
}

/**
 * Creates an element: `element("p", { className: "x", text: "hi" }, child, …)`.
 * Text is always set as text, never as HTML.
 */
export function element(tag, properties = {}, ...children) {
	const node = document.createElement(tag);
	for (const [key, value] of Object.entries(properties)) {
		if (value === undefined || value === null || value === false) continue;
		if (key === "text") node.textContent = value;
		else if (key === "className") node.className = value;
		else if (key === "dataset") Object.assign(node.dataset, value);
		else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
		else node.setAttribute(key, value === true ? "" : value);
	}
	node.append(...children.filter((child) => child !== undefined && child !== null));
	return node;
}

/** A status badge: "running", "completed", … */
export const statusBadge = (status) =>
	element("span", { className: `badge status-${status}`, text: status });
