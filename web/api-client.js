// Calls to crewkit's API: the token (when the server needs one) and typed errors.

const tokenKey = "crewkit-token";
let token = sessionStorage.getItem(tokenKey) ?? "";
let onUnauthorized = () => {};

/** Takes a `?token=` from the page's address into session storage and out of the address bar. */
export function adoptTokenFromAddress() {
	const url = new URL(location.href);
	const given = url.searchParams.get("token");
	if (given === null) return;
	setToken(given);
	url.searchParams.delete("token");
	history.replaceState(null, "", url);
}

export function setToken(value) {
	token = value;
	sessionStorage.setItem(tokenKey, value);
}

/** Called when the server answers 401: the page asks for the token. */
export function whenUnauthorized(handler) {
	onUnauthorized = handler;
}

/** An error the API answered with: `{ error: { code, message } }`. */
export class ApiError extends Error {
	constructor(status, code, message) {
		super(message);
		this.status = status;
		this.code = code;
	}
}

/** Fetches a JSON API route; `json` is sent as the body. Throws `ApiError`. */
export async function api(path, { method = "GET", json } = {}) {
	const headers = new Headers();
	if (token) headers.set("Authorization", `Bearer ${token}`);
	let body;
	if (json !== undefined) {
		headers.set("Content-Type", "application/json");
		body = JSON.stringify(json);
	}
	let response;
	try {
		response = await fetch(path, { method, headers, body });
	} catch {
		throw new ApiError(
			0,
			"offline",
			"The server cannot be reached. Is crewkit serve still running?",
		);
	}
	const data = await response.json().catch(() => null);
	if (!response.ok) {
		if (response.status === 401) onUnauthorized();
		throw new ApiError(
			response.status,
			data?.error?.code ?? "http_error",
			data?.error?.message ?? `The server answered ${response.status}.`,
		);
	}
	return data;
}

/** The SSE address of a run's events (EventSource cannot send headers: the token goes in the query). */
export function eventsUrl(runId) {
	const path = `/api/runs/${encodeURIComponent(runId)}/events`;
	return token ? `${path}?token=${encodeURIComponent(token)}` : path;
}

/** The download address of a run's report in a format (md, html, pdf, docx). */
export function exportUrl(runId, format) {
	const path = `/api/runs/${encodeURIComponent(runId)}/export?format=${format}`;
	return token ? `${path}&token=${encodeURIComponent(token)}` : path;
}
