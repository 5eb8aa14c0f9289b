// The crew as a graph: agents, the tasks they do (with the context that flows between
// tasks) and the tools they may call. SVG, laid out in three columns.

const svgNamespace = "http://www.w3.org/2000/svg";

function svg(tag, attributes = {}, text) {
	const node = document.createElementNS(svgNamespace, tag);
	for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
	if (text !== undefined) node.textContent = text;
	return node;
}

/** Draws `crew` (GET /api/runs/:id/crew) into `container`. */
export function showCrewGraph(container, crew) {
	const tools = [...new Set(crew.agents.flatMap((agent) => agent.tools ?? []))];
	const columns = { agents: 20, tasks: 290, tools: 560 };
	const boxWidth = 220;
	const boxHeight = 44;
	const gap = 22;
	const rows = Math.max(crew.agents.length, crew.tasks.length, tools.length, 1);
	const height = rows * (boxHeight + gap) + 60;
	const place = (index) => 50 + index * (boxHeight + gap);
	const root = svg("svg", {
		viewBox: `0 0 800 ${height}`,
		role: "img",
		"aria-labelledby": "crew-graph-title",
		class: "crew-graph",
	});
	root.append(
		svg(
			"title",
			{ id: "crew-graph-title" },
			`Crew: ${crew.agents.length} agents, ${crew.tasks.length} tasks, ${tools.length} tools`,
		),
		svg("defs", {}),
	);
	const marker = svg("marker", {
		id: "arrow",
		viewBox: "0 0 10 10",
		refX: 10,
		refY: 5,
		markerWidth: 7,
		markerHeight: 7,
		orient: "auto-start-reverse",
	});
	marker.append(svg("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "edge-head" }));
	root.firstElementChild?.nextElementSibling?.append(marker);
	const position = new Map();
	const box = (kind, name, subtitle, x, y) => {
		const group = svg("g", {
			class: `node node-${kind}`,
			tabindex: 0,
			"aria-label": `${kind} ${name}`,
		});
		group.append(
			svg("rect", { x, y, width: boxWidth, height: boxHeight, rx: 8 }),
			svg("text", { x: x + 12, y: y + 19, class: "node-name" }, name),
			svg(
				"text",
				{ x: x + 12, y: y + 35, class: "node-subtitle" },
				subtitle.length > 32 ? `${subtitle.slice(0, 31)}…` : subtitle,
			),
		);
		position.set(`${kind}:${name}`, { x, y });
		return group;
	};
	const edge = (from, to, kind) => {
		const start = position.get(from);
		const end = position.get(to);
		if (!start || !end) return undefined;
		const forward = end.x > start.x;
		const x1 = forward ? start.x + boxWidth : start.x + boxWidth / 2;
		const y1 = forward ? start.y + boxHeight / 2 : start.y + boxHeight;
		const x2 = forward ? end.x : end.x + boxWidth / 2;
		const y2 = forward ? end.y + boxHeight / 2 : end.y;
		// An agent's tools are reached over the tasks' column, so the edge is not read as a task's.
		const over = kind === "uses";
		const path = over
			? `M ${start.x + boxWidth - 20} ${start.y} C ${start.x + boxWidth + 60} ${start.y - 28}, ${end.x - 60} ${end.y - 28}, ${end.x + 20} ${end.y}`
			: forward
				? `M ${x1} ${y1} C ${x1 + 30} ${y1}, ${x2 - 30} ${y2}, ${x2} ${y2}`
				: `M ${x1} ${y1} C ${x1 + 60} ${y1 + 10}, ${x2 + 60} ${y2 - 10}, ${x2 + 4} ${y2}`;
		return svg("path", { d: path, class: `edge edge-${kind}`, "marker-end": "url(#arrow)" });
	};
	const nodes = [
		...crew.agents.map((agent, index) =>
			box("agent", agent.name, agent.role ?? "", columns.agents, place(index)),
		),
		...crew.tasks.map((task, index) =>
			box("task", task.name, `by ${task.agent}`, columns.tasks, place(index)),
		),
		...tools.map((tool, index) => box("tool", tool, "tool", columns.tools, place(index))),
	];
	const edges = [
		...crew.tasks.map((task) => edge(`agent:${task.agent}`, `task:${task.name}`, "does")),
		...crew.tasks.flatMap((task, index) =>
			(task.context ?? [])
				.filter((name) => name === crew.tasks[index - 1]?.name || (task.context ?? []).length <= 2)
				.map((name) => edge(`task:${name}`, `task:${task.name}`, "context")),
		),
		...crew.agents.flatMap((agent) =>
			(agent.tools ?? []).map((tool) => edge(`agent:${agent.name}`, `tool:${tool}`, "uses")),
		),
	].filter(Boolean);
	root.append(...edges, ...nodes);
	const legend = document.createElement("p");
	legend.className = "muted";
	legend.textContent =
		"Agents (left) do tasks (middle); arrows between tasks carry context; agents may call the tools (right).";
	container.replaceChildren(root, legend);
}
