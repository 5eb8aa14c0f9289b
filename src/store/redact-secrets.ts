/**
 * Secrets never reach the store, logs, events or errors: values of secret-looking
 * environment variables, and strings shaped like API keys or bearer tokens, are replaced.
 */

const secretName = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH)/i;
const secretShapes = [
	/\b(sk|pk|rk)-[A-Za-z0-9_-]{16,}/g, // OpenAI-style keys, also sk-ant-…, sk-or-…
	/\bAIza[0-9A-Za-z_-]{30,}/g, // Google API keys
	/\b(ghp|gho|ghs|github_pat)_[A-Za-z0-9_]{20,}/g,
	/\b(tvly|xoxb|xoxp)-[A-Za-z0-9-]{16,}/g,
	/\b(hf|api_org)_[A-Za-z]{34}\b/g, // Hugging Face access and organisation tokens (gitleaks' shape)
	/(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{16,}/g,
];

export const redacted = "[redacted]";

/** Builds a redactor from an environment: the values of its secret-named variables. */
export function createRedactor(
	env: Record<string, string | undefined> = process.env,
): (text: string) => string {
	const values = Object.entries(env)
		.filter(([name, value]) => secretName.test(name) && value && value.length >= 8)
		.map(([, value]) => value as string)
		.sort((a, b) => b.length - a.length);
	return (text) => {
		let result = text;
		for (const value of values) result = result.split(value).join(redacted);
		for (const shape of secretShapes) result = result.replace(shape, redacted);
		return result;
	};
}

/** Redacts every string inside a JSON-able value. */
export function redactValue<T>(value: T, redact: (text: string) => string): T {
	return JSON.parse(redact(JSON.stringify(value) ?? "null")) as T;
}
