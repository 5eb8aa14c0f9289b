import { CrewkitError } from "../../errors.ts";

/**
 * A web request was refused because a host name is, or resolves to, an address that is
 * not on the public internet: loopback, private, link-local (cloud metadata), CGNAT,
 * multicast, reserved. The user can allow it; the model cannot.
 */
export class PrivateAddressError extends CrewkitError {
	/** The host name as written in the URL (or the literal address). */
	readonly hostname: string;
	/** The address that was refused, in canonical form. */
	readonly address: string;
	/** What kind of address it is, with its range: "loopback (127.0.0.0/8)". */
	readonly range: string;

	constructor(details: { hostname: string; address: string; range: string }) {
		const named =
			details.hostname === details.address
				? `'${details.address}'`
				: `'${details.hostname}' (${details.address})`;
		super(
			`Refused to connect to ${named}: the address is ${details.range}, not public. ` +
				"crewkit does not fetch private-network addresses unless told to: pass allowPrivateAddresses: true, " +
				"or run the CLI with --allow-private-network.",
		);
		this.hostname = details.hostname;
		this.address = details.address;
		this.range = details.range;
	}
}

/**
 * An HTTP status text fit for a message: a server can put terminal escapes and other
 * control characters in it, so they become spaces (and runs of space one).
 */
export function cleanStatusText(text: string): string {
	return text.replace(/[\s\p{Cc}]+/gu, " ").trim();
}

/** Why a page could not be fetched or read. */
export type FetchPageFailure =
	| "url"
	| "network"
	| "status"
	| "redirect"
	| "content-type"
	| "too-large"
	| "timeout"
	| "unreadable"
	| "parser-limit";

/** A page could not be fetched or read: bad URL, HTTP error, redirect problem, limits, format. */
export class FetchPageError extends CrewkitError {
	readonly url: string;
	readonly reason: FetchPageFailure;
	/** The HTTP status, when the server answered with an error. */
	readonly status: number | undefined;

	constructor(
		message: string,
		details: { url: string; reason: FetchPageFailure; status?: number },
		options?: ErrorOptions,
	) {
		super(message, options);
		this.url = details.url;
		this.reason = details.reason;
		this.status = details.status;
	}
}
