import { ConfigError } from "../../errors.ts";
import { huggingFaceEndpoint } from "./model-source.ts";

/** The variables a Hugging Face access token is read from, first found first. */
export type HuggingFaceTokenVariable = "HF_TOKEN" | "HUGGING_FACE_HUB_TOKEN";

/**
 * What crewkit may present to the Hugging Face endpoint: its origin (the only one the
 * token is ever sent to) and the token of the process's environment, if it has one.
 */
export interface HuggingFaceAccess {
	/** `https://huggingface.co/`, or the mirror in `MODEL_ENDPOINT`/`HF_ENDPOINT`; its origin is the token's only destination. */
	endpoint: URL;
	token: { value: string; variable: HuggingFaceTokenVariable } | undefined;
	/**
	 * Set when the environment's token cannot be a token (spaces inside it, non-ASCII): the
	 * error a request to the endpoint throws instead of sending it. Other downloads, and
	 * `crewkit models`, go on without it.
	 */
	unusableToken?: ConfigError | undefined;
}

/**
 * The endpoint's origin and the access token for gated and private repositories, read
 * from the environment of the process only (a server's requests, a crew file or a model
 * string never set it): `HF_TOKEN`, else `HUGGING_FACE_HUB_TOKEN`, the order
 * huggingface_hub reads them in (`_get_token_from_environment`: an empty `HF_TOKEN`
 * falls through; surrounding spaces and line breaks are dropped).
 *
 * The token goes out as `Authorization: Bearer …` to this origin only, never to where it
 * redirects (./follow-guarded.ts). The origin is `https://huggingface.co` unless the
 * operator named a mirror, so a plain `http://` origin gets the token only when the
 * operator configured it so (a mirror on their own network, loopback).
 *
 * A token holding characters no token has (spaces, non-ASCII) is not sent anywhere: it
 * becomes `unusableToken`, the error a request to the endpoint gives, which does not repeat it.
 */
export function huggingFaceAccess(env: Record<string, string | undefined>): HuggingFaceAccess {
	const endpoint = huggingFaceEndpoint(env);
	const variable = env.HF_TOKEN
		? "HF_TOKEN"
		: env.HUGGING_FACE_HUB_TOKEN
			? "HUGGING_FACE_HUB_TOKEN"
			: undefined;
	const value = variable ? env[variable]?.replace(/[\r\n]/g, "").trim() : undefined;
	if (!variable || !value) return { endpoint, token: undefined };
	if (!/^[\x21-\x7e]+$/.test(value)) {
		const unusableToken = new ConfigError(
			`${variable} holds characters an access token does not have (spaces inside it, or non-ASCII characters), so crewkit does not send it to ${endpoint.host}. Copy the token again from https://huggingface.co/settings/tokens, or unset ${variable}.`,
		);
		return { endpoint, token: undefined, unusableToken };
	}
	return { endpoint, token: { value, variable } };
}

/**
 * The error for a 401 or 403 from the Hugging Face endpoint about `what` (a repository's
 * file list, a file at `url`): the repository is gated or private, and what to do,
 * depending on whether a token was sent. Names the variable, never the token.
 */
export function accessRefusedError(
	status: number,
	what: string,
	url: URL,
	access: HuggingFaceAccess,
	tokenSent: boolean,
): ConfigError {
	const { host, origin } = access.endpoint;
	const repository = repositoryOf(url, access.endpoint);
	const page = repository ? ` on ${repository.page}` : " on its page";
	const name = repository ? ` ${repository.name}` : "";
	if (tokenSent && access.token) {
		return new ConfigError(
			`${host} refused the token in ${access.token.variable} (HTTP ${status}) for ${what}: the token is invalid or expired, or its account may not read the repository${name}. For a gated model, accept its conditions${page} while logged in as the token's owner (a fine-grained token also needs read access to public gated repositories); for a private one, use a token of an account with access. Check the token at https://huggingface.co/settings/tokens.`,
		);
	}
	return new ConfigError(
		`${host} answered HTTP ${status} for ${what}: the repository${name} is gated or private (or does not exist). For a gated model, accept its conditions${page} while logged in, create a read access token at https://huggingface.co/settings/tokens and set HF_TOKEN to it in crewkit's environment; crewkit sends it to ${origin} only.`,
	);
}

/** The repository a URL of the endpoint (a file's `resolve` URL, a listing's `api/models` URL) is about. */
function repositoryOf(url: URL, endpoint: URL): { page: string; name: string } | undefined {
	if (!url.href.startsWith(endpoint.href)) return undefined;
	const match = /^(?:api\/models\/)?([^/?#]+)\/([^/?#]+)\/(?:resolve|tree)\//.exec(
		url.href.slice(endpoint.href.length),
	);
	if (!match?.[1] || !match[2]) return undefined;
	const repository = `${match[1]}/${match[2]}`;
	return { page: new URL(repository, endpoint).href, name: `hf:${repository}` };
}
