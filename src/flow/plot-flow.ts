import type { FlowGraph } from "./flow-graph.ts";

/** The graph renderer the dashboard also uses (web/flow-graph.js, plain JavaScript). */
interface FlowGraphRenderer {
	renderFlowSvg(graph: FlowGraph, statuses?: Record<string, string>): string;
	renderFlowMermaid(graph: FlowGraph): string;
	describeCondition(condition: unknown): string;
}

const rendererUrl = new URL("../../web/flow-graph.js", import.meta.url).href;

async function renderer(): Promise<FlowGraphRenderer> {
	return (await import(rendererUrl)) as FlowGraphRenderer;
}

/** The flow as Mermaid text (`flowchart TD`). */
export async function plotFlowMermaid(graph: FlowGraph): Promise<string> {
	return (await renderer()).renderFlowMermaid(graph);
}

/**
 * The flow as a self-contained HTML page (CrewAI's `plot()`): the graph as inline SVG, a
 * legend, each step's condition, and the Mermaid text. No scripts, no network.
 */
export async function plotFlowHtml(graph: FlowGraph): Promise<string> {
	const { renderFlowSvg, renderFlowMermaid, describeCondition } = await renderer();
	const rows = graph.steps
		.map((step) => {
			const when = step.start
				? `start${step.after === undefined ? "" : `, and after ${describeCondition(step.after)}`}`
				: `after ${describeCondition(step.after)}`;
			const routes = step.routes ? step.routes.join(", ") : "";
			return `<tr><th scope="row">${escapeHtml(step.name)}</th><td>${escapeHtml(when)}</td><td>${escapeHtml(routes)}</td><td>${escapeHtml(step.description ?? "")}</td></tr>`;
		})
		.join("\n");
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Flow ${escapeHtml(graph.name)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #112; }
.graph { overflow-x: auto; border: 1px solid #dde; border-radius: 8px; padding: 1rem; background: #fff; }
table { border-collapse: collapse; margin-top: 1.5rem; }
th, td { text-align: left; padding: 0.3rem 0.8rem; border-bottom: 1px solid #eee; vertical-align: top; }
.legend { color: #445; font-size: 0.9rem; }
pre { background: #f6f7f9; padding: 1rem; border-radius: 6px; overflow-x: auto; }
</style>
</head>
<body>
<h1>Flow ${escapeHtml(graph.name)}</h1>
<p class="legend">Blue border: start step. Rounded: router (its labels on the arrows). Dashed arrow: any-of (the first to end triggers); "and": all-of. Arrows back up: loops.</p>
<div class="graph">${renderFlowSvg(graph)}</div>
<table>
<thead><tr><th scope="col">step</th><th scope="col">runs</th><th scope="col">routes</th><th scope="col">description</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<details><summary>Mermaid</summary><pre>${escapeHtml(renderFlowMermaid(graph))}</pre></details>
</body>
</html>
`;
}

const escapeHtml = (text: string) =>
	text.replace(
		/[&<>"']/g,
		(char) =>
			({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char] ?? char,
	);
