import { modelProviders } from "../models/resolve-model.ts";

/** CrewAI's (LiteLLM's) provider prefixes, and the crewkit provider each becomes. */
const crewaiProviders: Record<string, keyof typeof modelProviders> = {
	openai: "openai",
	anthropic: "anthropic",
	gemini: "google",
	google: "google",
	ollama: "ollama",
	ollama_chat: "ollama",
	openrouter: "openrouter",
	lm_studio: "lmstudio",
	lmstudio: "lmstudio",
	hosted_vllm: "vllm",
	vllm: "vllm",
};

/** Bare model names LiteLLM routes by their prefix. */
const bareModelPrefixes: Array<[RegExp, keyof typeof modelProviders]> = [
	[/^(gpt-|o[1-9]|chatgpt-)/, "openai"],
	[/^claude-/, "anthropic"],
	[/^gemini-/, "google"],
];

/**
 * A model string as CrewAI writes it (`openai/gpt-4o`, `ollama/llama3`, `gpt-4o`) in
 * crewkit's form (`openai:gpt-4o`). crewkit's own strings pass unchanged. A provider
 * crewkit has no client for gives `problem` instead, saying what the run does.
 */
export function normalizeModelString(
	text: string,
): { model: string; problem?: undefined } | { model?: undefined; problem: string } {
	const spec = text.trim();
	const colon = spec.indexOf(":");
	const slash = spec.indexOf("/");
	if (colon > 0 && (slash < 0 || colon < slash) && spec.slice(0, colon) in modelProviders) {
		return { model: spec };
	}
	if (slash > 0) {
		const provider = crewaiProviders[spec.slice(0, slash).toLowerCase()];
		if (provider) return { model: `${provider}:${spec.slice(slash + 1)}` };
		return {
			problem: `crewkit has no '${spec.slice(0, slash)}' provider: the agent uses the run's model (--model); an OpenAI-compatible server works as openai-compatible:<model>@<url>`,
		};
	}
	for (const [pattern, provider] of bareModelPrefixes) {
		if (pattern.test(spec)) return { model: `${provider}:${spec}` };
	}
	return {
		problem: `crewkit cannot tell which provider serves '${spec}': the agent uses the run's model (--model); write provider/model, e.g. openai/${spec}`,
	};
}
