// Keyboard navigation: / search, j and k through the runs, 1–5 the run's views, c compare,
// ? the list of keys. Keys typed into a field are left alone.

const isTyping = (target) =>
	target instanceof HTMLElement &&
	(target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));

/** Installs the shortcuts; `actions` does what each key asks. */
export function installKeyboard(actions, help) {
	document.addEventListener("keydown", (event) => {
		if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
		if (event.key === "Escape" && !help.hidden) {
			help.hidden = true;
			return;
		}
		if (isTyping(event.target)) return;
		const action = {
			"/": actions.search,
			j: () => actions.moveRun(1),
			k: () => actions.moveRun(-1),
			c: actions.compare,
			"?": () => {
				help.hidden = !help.hidden;
				if (!help.hidden) help.querySelector("h2")?.focus();
			},
		}[event.key];
		const tab = /^[1-5]$/.test(event.key) ? () => actions.tab(Number(event.key) - 1) : undefined;
		const run = action ?? tab;
		if (!run) return;
		event.preventDefault();
		run();
	});
}
