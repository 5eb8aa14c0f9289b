// How far the embedded model is in evaluating a call's prompt, before its first token:
// a bar with evaluated/prompt tokens and speed, as the CLI's activity line tells it.

import { element, formatNumber } from "./format.js";

/** "1,200/3,400 tokens · 24.4 tokens/s" */
export function describePromptProgress({ evaluatedTokens, promptTokens, tokensPerSecond }) {
	const speed = Number.isFinite(tokensPerSecond) ? ` · ${tokensPerSecond.toFixed(1)} tokens/s` : "";
	return `${formatNumber(evaluatedTokens)}/${formatNumber(promptTokens)} tokens${speed}`;
}

/** The bar of one model call; `update` it with each model-progress event's figures. */
export function createPromptProgress() {
	const fill = element("div", { className: "prompt-progress-fill" });
	const bar = element(
		"div",
		{
			className: "prompt-progress-bar",
			role: "progressbar",
			"aria-label": "Prompt evaluation",
			"aria-valuemin": "0",
		},
		fill,
	);
	const text = element("span", { className: "prompt-progress-text" });
	const root = element(
		"div",
		{ className: "prompt-progress" },
		element("span", { className: "prompt-progress-title", text: "Evaluating the prompt " }),
		text,
		bar,
	);
	return {
		element: root,
		update(progress) {
			const total = Math.max(0, progress.promptTokens);
			const done = Math.min(total, Math.max(0, progress.evaluatedTokens));
			const description = describePromptProgress(progress);
			text.textContent = description;
			bar.setAttribute("aria-valuemax", String(total));
			bar.setAttribute("aria-valuenow", String(done));
			bar.setAttribute("aria-valuetext", description);
			fill.style.width = `${total ? (done / total) * 100 : 0}%`;
		},
	};
}
