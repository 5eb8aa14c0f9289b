// The editor of a research outline a person reviews (crewkit run --review): the
// developments with their sources, to drop, reorder, rename or add, and the sources to
// leave out. Its answer is the edit as JSON ({ items: [{ title, from? }], excludeSources }),
// the same edit the CLI's commands make. Every action is a button or a field: it works
// from the keyboard (Alt+↑ / Alt+↓ in a title move its development too).

import { element } from "./format.js";

/** Builds the editor for an outline question; `read()` gives the edit as it stands. */
export function createOutlineEditor(outline) {
	let items = outline.items.map((item, index) => ({
		id: `item-${index + 1}`,
		title: item.title,
		from: index + 1,
		sources: item.sources,
	}));
	let dropped = [];
	const excluded = new Set();
	let added = 0;
	const root = element("div", { className: "outline-editor" });
	const titleOf = (id) => outline.sources.find((source) => source.id === id)?.title ?? "";

	function move(id, by) {
		const at = items.findIndex((item) => item.id === id);
		const to = at + by;
		if (at < 0 || to < 0 || to >= items.length) return;
		const next = [...items];
		const [item] = next.splice(at, 1);
		next.splice(to, 0, item);
		items = next;
	}

	/** Re-renders, then puts the focus back where the person was working. */
	function update(focus) {
		render();
		const target = focus && root.querySelector(focus);
		if (target && !target.disabled) target.focus();
		else if (focus)
			root.querySelector(focus.replace(/\[data-action="[^"]+"\]/, ".outline-title"))?.focus();
	}

	function act(action, id) {
		const index = items.findIndex((item) => item.id === id);
		if (action === "up" || action === "down") {
			move(id, action === "up" ? -1 : 1);
			update(`[data-id="${id}"][data-action="${action}"]`);
		} else if (action === "drop") {
			dropped = [...dropped, items[index]];
			items = items.filter((item) => item.id !== id);
			const next = items[Math.min(index, items.length - 1)];
			update(next ? `[data-id="${next.id}"][data-action="drop"]` : "#outline-new");
		} else if (action === "restore") {
			const item = dropped.find((candidate) => candidate.id === id);
			dropped = dropped.filter((candidate) => candidate.id !== id);
			if (item) items = [...items, item];
			update(`[data-id="${id}"].outline-title`);
		}
	}

	function addItem() {
		const field = root.querySelector("#outline-new");
		const title = field.value.trim();
		if (!title) return;
		added += 1;
		items = [...items, { id: `new-${added}`, title, from: undefined, sources: [] }];
		update("#outline-new");
	}

	function sourceList(item) {
		if (!item.from) return [element("span", { text: "new: written from every source kept" })];
		if (!item.sources.length) return [element("span", { text: "no sources" })];
		return item.sources.flatMap((id, index) => [
			index ? "; " : "",
			excluded.has(id)
				? element("s", { title: "left out", text: `[${id}] ${titleOf(id)}` })
				: element("span", { text: `[${id}] ${titleOf(id)}` }),
		]);
	}

	function itemRow(item, index) {
		const number = index + 1;
		const button = (action, text, label, disabled) =>
			element("button", {
				type: "button",
				className: `secondary outline-${action}`,
				text,
				"aria-label": label,
				dataset: { id: item.id, action },
				disabled,
			});
		return element(
			"li",
			{ className: "outline-item", dataset: { id: item.id } },
			element(
				"div",
				{ className: "outline-row" },
				element("input", {
					type: "text",
					className: "outline-title",
					value: item.title,
					required: true,
					"aria-label": `Title of development ${number}`,
					dataset: { id: item.id },
				}),
				button("up", "↑", `Move development ${number} up`, index === 0),
				button("down", "↓", `Move development ${number} down`, index === items.length - 1),
				button("drop", "Drop", `Drop development ${number}`, false),
			),
			element("p", { className: "outline-sources muted" }, "Sources: ", ...sourceList(item)),
		);
	}

	function render() {
		const children = [
			element(
				"ol",
				{ className: "outline-items", "aria-label": "Developments" },
				...items.map(itemRow),
			),
		];
		if (dropped.length) {
			children.push(
				element(
					"div",
					{ className: "outline-dropped" },
					element("span", { className: "muted", text: "Dropped: " }),
					...dropped.map((item) =>
						element("button", {
							type: "button",
							className: "secondary",
							text: `Restore “${item.title}”`,
							dataset: { id: item.id, action: "restore" },
						}),
					),
				),
			);
		}
		children.push(
			element(
				"div",
				{ className: "outline-add" },
				element("label", { for: "outline-new", text: "New development" }),
				element("input", { type: "text", id: "outline-new", placeholder: "Its title" }),
				element("button", {
					type: "button",
					className: "secondary",
					text: "Add",
					"data-action": "add",
				}),
			),
			element(
				"fieldset",
				{ className: "outline-source-choice" },
				element("legend", { text: "Sources (uncheck one to leave it out of the report)" }),
				...outline.sources.map((source) =>
					element(
						"label",
						{},
						element("input", {
							type: "checkbox",
							checked: !excluded.has(source.id),
							dataset: { source: String(source.id) },
						}),
						` [${source.id}] ${source.title}`,
					),
				),
			),
		);
		root.replaceChildren(...children);
	}

	root.addEventListener("click", (event) => {
		const button = event.target.closest("button[data-action]");
		if (!button) return;
		if (button.dataset.action === "add") addItem();
		else act(button.dataset.action, button.dataset.id);
	});
	root.addEventListener("input", (event) => {
		const field = event.target;
		if (field.classList?.contains("outline-title")) {
			const item = items.find((candidate) => candidate.id === field.dataset.id);
			if (item) item.title = field.value;
		}
	});
	root.addEventListener("change", (event) => {
		const box = event.target;
		if (box.dataset?.source === undefined) return;
		const id = Number(box.dataset.source);
		if (box.checked) excluded.delete(id);
		else excluded.add(id);
		update(`[data-source="${id}"]`);
	});
	root.addEventListener("keydown", (event) => {
		const field = event.target;
		if (event.key === "Enter" && field.id === "outline-new") {
			event.preventDefault();
			addItem();
		} else if (event.key === "Enter" && field.classList?.contains("outline-title")) {
			// Enter in a title does not send the form.
			event.preventDefault();
		} else if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
			if (!field.classList?.contains("outline-title")) return;
			event.preventDefault();
			move(field.dataset.id, event.key === "ArrowUp" ? -1 : 1);
			update(`[data-id="${field.dataset.id}"].outline-title`);
		}
	});

	render();
	return {
		root,
		/** The edit: the items in order (each from an original, or new), and the sources left out. */
		read() {
			return {
				items: items.map((item) =>
					item.from ? { title: item.title.trim(), from: item.from } : { title: item.title.trim() },
				),
				excludeSources: [...excluded].sort((a, b) => a - b),
			};
		},
	};
}
