// A flow's graph as SVG: shared by `crewkit flow plot` (inlined into a self-contained HTML
// file) and the dashboard (live step statuses). Plain JavaScript, no dependencies.

const nodeWidth = 168;
const nodeHeight = 54;
const columnGap = 40;
const rowGap = 64;
const margin = 24;

/** Every step name and label a condition mentions. */
function sourcesOf(condition) {
	if (typeof condition === "string") return [condition];
	return (condition.allOf ?? condition.anyOf ?? []).flatMap(sourcesOf);
}

/** A condition as people read it: `a and (b or c)`. */
export function describeCondition(condition) {
	if (typeof condition === "string") return condition;
	const and = Array.isArray(condition.allOf);
	const parts = (condition.allOf ?? condition.anyOf ?? []).map((part) =>
		typeof part === "string" ? part : `(${describeCondition(part)})`,
	);
	return parts.join(and ? " and " : " or ");
}

/**
 * The edges of a flow: from each step (or the router returning a label) to the steps
 * listening to it. `label` is the router's label; `join` says `and`/`or` for combinations.
 */
export function flowEdges(graph) {
	const names = new Set(graph.steps.map((step) => step.name));
	const edges = [];
	for (const step of graph.steps) {
		if (step.after === undefined) continue;
		const join =
			typeof step.after === "string" ? undefined : Array.isArray(step.after.allOf) ? "and" : "or";
		for (const source of sourcesOf(step.after)) {
			if (names.has(source)) {
				edges.push({ from: source, to: step.name, label: undefined, join });
				continue;
			}
			for (const router of graph.steps) {
				if ((router.routes ?? []).includes(source))
					edges.push({ from: router.name, to: step.name, label: source, join });
			}
		}
	}
	return edges;
}

/** Rows by distance from the start steps; steps in declaration order within a row. */
export function layoutFlow(graph) {
	const edges = flowEdges(graph);
	const level = new Map();
	const queue = graph.steps.filter((step) => step.start).map((step) => step.name);
	for (const name of queue) level.set(name, 0);
	while (queue.length) {
		const name = queue.shift();
		for (const edge of edges) {
			if (edge.from === name && !level.has(edge.to)) {
				level.set(edge.to, (level.get(name) ?? 0) + 1);
				queue.push(edge.to);
			}
		}
	}
	const deepest = Math.max(0, ...level.values());
	for (const step of graph.steps) if (!level.has(step.name)) level.set(step.name, deepest + 1);
	const rows = [];
	for (const step of graph.steps) {
		const row = level.get(step.name) ?? 0;
		rows[row] ??= [];
		rows[row].push(step.name);
	}
	const widest = Math.max(1, ...rows.map((row) => row?.length ?? 0));
	const width = margin * 2 + widest * nodeWidth + (widest - 1) * columnGap;
	const positions = new Map();
	rows.forEach((row, rowIndex) => {
		if (!row) return;
		const rowWidth = row.length * nodeWidth + (row.length - 1) * columnGap;
		const left = (width - rowWidth) / 2;
		row.forEach((name, index) => {
			positions.set(name, {
				x: left + index * (nodeWidth + columnGap),
				y: margin + rowIndex * (nodeHeight + rowGap),
			});
		});
	});
	const height = margin * 2 + rows.length * nodeHeight + (rows.length - 1) * rowGap;
	return { positions, edges, width, height: Math.max(height, nodeHeight + margin * 2) };
}

const escapeXml = (text) =>
	String(text).replace(
		/[&<>"']/g,
		(char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char],
	);

/** What a step's second line says: start, router, or when it runs. */
function subtitle(step) {
	if (step.routes) return `router → ${step.routes.join(" | ")}`;
	if (step.start) return "start";
	return `after ${describeCondition(step.after)}`;
}

const shorten = (text, length) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/**
 * The flow as an SVG string. `statuses` maps step names to pending, running, completed,
 * restored, failed or waiting (the dashboard's live view); without it every step is plain.
 */
export function renderFlowSvg(graph, statuses = {}) {
	const { positions, edges, width, height } = layoutFlow(graph);
	const parts = [
		`<svg xmlns="http://www.w3.org/2000/svg" class="flow-graph" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Flow ${escapeXml(graph.name)}">`,
		'<defs><marker id="flow-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#667"/></marker></defs>',
	];
	for (const edge of edges) {
		const from = positions.get(edge.from);
		const to = positions.get(edge.to);
		if (!from || !to) continue;
		const forward = to.y > from.y;
		const x1 = from.x + nodeWidth / 2;
		const y1 = forward ? from.y + nodeHeight : from.y + nodeHeight / 2;
		const x2 = to.x + nodeWidth / 2;
		const y2 = forward ? to.y : to.y + nodeHeight / 2;
		const path = forward
			? `M${x1},${y1} C${x1},${y1 + rowGap / 2} ${x2},${y2 - rowGap / 2} ${x2},${y2}`
			: `M${from.x + nodeWidth},${y1} C${from.x + nodeWidth + 60},${y1} ${to.x + nodeWidth + 60},${y2} ${to.x + nodeWidth},${y2}`;
		const dash = edge.join === "or" ? ' stroke-dasharray="5 4"' : "";
		parts.push(
			`<path class="flow-edge" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}" d="${path}" fill="none" stroke="#667" stroke-width="1.5"${dash} marker-end="url(#flow-arrow)"/>`,
		);
		const note = [edge.label, edge.join].filter(Boolean).join(" · ");
		if (note) {
			const lx = forward ? (x1 + x2) / 2 + 4 : Math.max(from.x, to.x) + nodeWidth + 34;
			const ly = forward ? (y1 + y2) / 2 : (y1 + y2) / 2;
			parts.push(
				`<text class="flow-edge-label" x="${lx}" y="${ly}" font-size="11" fill="#445">${escapeXml(note)}</text>`,
			);
		}
	}
	for (const step of graph.steps) {
		const at = positions.get(step.name);
		if (!at) continue;
		const status = statuses[step.name] ?? "pending";
		const title = step.description ? `<title>${escapeXml(step.description)}</title>` : "";
		parts.push(
			`<g class="flow-step flow-${status}" data-step="${escapeXml(step.name)}" data-status="${status}" transform="translate(${at.x},${at.y})">${title}`,
			`<rect width="${nodeWidth}" height="${nodeHeight}" rx="${step.routes ? 16 : 6}" ${nodeStyle(status, step)}/>`,
			`<text x="${nodeWidth / 2}" y="22" text-anchor="middle" font-size="14" font-weight="600" fill="#112">${escapeXml(shorten(step.name, 20))}</text>`,
			`<text x="${nodeWidth / 2}" y="40" text-anchor="middle" font-size="11" fill="#445">${escapeXml(shorten(subtitle(step), 26))}</text>`,
			"</g>",
		);
	}
	parts.push("</svg>");
	return parts.join("");
}

const fills = {
	pending: "#f4f5f7",
	running: "#dbeafe",
	completed: "#dcfce7",
	restored: "#ecfdf5",
	failed: "#fee2e2",
	waiting: "#fef3c7",
};

function nodeStyle(status, step) {
	const stroke = status === "pending" ? (step.start ? "#2563eb" : "#8892a0") : "#334";
	const dash = status === "restored" ? ' stroke-dasharray="4 3"' : "";
	return `fill="${fills[status] ?? fills.pending}" stroke="${stroke}" stroke-width="1.5"${dash}`;
}

/** Each step's latest status from a run's events (flow-start, step-*, human-ask, run-end). */
export function stepStatuses(events) {
	const statuses = {};
	for (const event of events) {
		if (event.type === "step-start") statuses[event.step] = "running";
		else if (event.type === "step-end") statuses[event.step] = "completed";
		else if (event.type === "step-restore") statuses[event.step] = "restored";
		else if (event.type === "step-error") statuses[event.step] = "failed";
		else if (event.type === "human-ask" && event.question.step) {
			if (statuses[event.question.step] === "running") statuses[event.question.step] = "waiting";
		}
	}
	return statuses;
}

/** The flow as Mermaid text (`flowchart TD`), for markdown files and Mermaid tools. */
export function renderFlowMermaid(graph) {
	const id = (name) => `s_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
	const quote = (text) => `"${String(text).replace(/"/g, "#quot;")}"`;
	const lines = ["flowchart TD"];
	for (const step of graph.steps) {
		const label = quote(`${step.name}${step.start ? " (start)" : ""}`);
		lines.push(step.routes ? `  ${id(step.name)}{{${label}}}` : `  ${id(step.name)}[${label}]`);
	}
	for (const edge of flowEdges(graph)) {
		const note = [edge.label, edge.join].filter(Boolean).join(" · ");
		const dotted = edge.join === "or";
		const [open, close] = dotted ? ["-.", ".->"] : ["--", "-->"];
		lines.push(
			note
				? `  ${id(edge.from)} ${open} ${quote(note)} ${close} ${id(edge.to)}`
				: `  ${id(edge.from)} ${dotted ? "-.->" : "-->"} ${id(edge.to)}`,
		);
	}
	return `${lines.join("\n")}\n`;
}
