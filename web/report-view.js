// The finished report: its sanitized HTML (from the API), citations [n] that lead to the
// numbered entry of the sources panel, and the panel itself.

import { element } from "./format.js";

const sourceHeading = /^(sources|references)$/i;

/** The report's own Sources section repeats the panel: it is left out of the article. */
function removeSourcesSection(article) {
	const heading = [...article.querySelectorAll("h2")].find((node) =>
		sourceHeading.test(node.textContent.trim()),
	);
	if (!heading) return;
	let node = heading;
	while (node) {
		const next = node.nextElementSibling;
		node.remove();
		node = next && next.tagName !== "H2" ? next : undefined;
	}
}

function sourceItem(source) {
	const target = source.url
		? element("a", {
				href: source.url,
				target: "_blank",
				rel: "noopener noreferrer",
				text: source.url,
			})
		: source.target
			? element("code", { text: source.target })
			: undefined;
	return element(
		"li",
		{ id: `source-${source.number}`, value: String(source.number), tabindex: "-1" },
		element("span", { className: "source-title", text: source.title || `Source ${source.number}` }),
		target ? element("span", { className: "source-target" }, target) : undefined,
		source.accessed
			? element("span", { className: "source-accessed", text: `accessed ${source.accessed}` })
			: undefined,
	);
}

/** Creates the report view over its elements. */
export function createReportView({ article, sourceList }) {
	let sources = new Map();

	function highlight(number) {
		for (const item of sourceList.querySelectorAll(".highlight"))
			item.classList.remove("highlight");
		const item = document.getElementById(`source-${number}`);
		if (!item) return;
		item.classList.add("highlight");
		item.scrollIntoView({ block: "nearest", behavior: "smooth" });
		item.focus({ preventScroll: true });
	}

	article.addEventListener("click", (event) => {
		const link = event.target.closest?.("a.citation");
		if (!link) return;
		event.preventDefault();
		highlight(link.getAttribute("href").replace("#source-", ""));
	});

	return {
		/** Shows a report from `GET /api/runs/:id/report`. */
		show(report) {
			sources = new Map(report.sources.map((source) => [String(source.number), source]));
			// The server sanitized this HTML: safe tags, http(s) and #anchor links only.
			article.innerHTML = report.html;
			removeSourcesSection(article);
			for (const link of article.querySelectorAll("a.citation")) {
				const number = link.getAttribute("href").replace("#source-", "");
				const source = sources.get(number);
				link.setAttribute(
					"aria-label",
					source ? `Source ${number}: ${source.title}` : `Source ${number} (not listed)`,
				);
				if (source) link.title = source.title;
				else link.classList.add("unresolved");
			}
			sourceList.replaceChildren(...report.sources.map(sourceItem));
			if (report.sources.length === 0)
				sourceList.replaceChildren(
					element("li", { className: "muted", text: "This report lists no sources." }),
				);
		},
		clear() {
			article.replaceChildren();
			sourceList.replaceChildren();
		},
		highlight,
	};
}
