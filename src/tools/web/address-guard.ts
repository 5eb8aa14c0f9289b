import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { describeSpecialAddress, isIP } from "./special-address.ts";
import { PrivateAddressError } from "./web-errors.ts";

/**
 * The SSRF guard: web tools fetch URLs a model chose (or a page redirected to), so they must
 * not reach the machine itself, the local network or a cloud metadata service unless the
 * user allowed it. Names are resolved and every address checked; the transport checks again
 * the address it actually connects to (`createGuardedLookup`), so a name that resolves to a
 * public address first and a private one later (DNS rebinding) is still refused.
 */

/** Resolves a host name to all its addresses (like `dns.promises.lookup(name, { all: true })`). */
export type DnsLookup = (hostname: string) => Promise<readonly LookupAddress[]>;

export interface AddressGuardOptions {
	/** Allow loopback, private and other non-public addresses (tests, intranet research). */
	allowPrivate?: boolean | undefined;
	/** Name resolution; the system resolver by default. Injected in tests. */
	lookup?: DnsLookup | undefined;
}

// node:dns loads with the first lookup (process.getBuiltinModule), not with `import "crewkit"`.
const systemLookup: DnsLookup = (hostname) =>
	process.getBuiltinModule("node:dns").promises.lookup(hostname, { all: true, order: "verbatim" });

/**
 * Resolves `hostname` (a name or a literal address in any form a URL accepts: `[::1]`,
 * `0x7f000001`, `2130706433`, `127.1`) and returns its addresses, or throws
 * `PrivateAddressError` naming the first non-public one. With `allowPrivate` nothing is refused.
 */
export async function assertPublicAddress(
	hostname: string,
	options: AddressGuardOptions = {},
): Promise<LookupAddress[]> {
	const literal = normalizeHost(hostname);
	const addresses: LookupAddress[] = literal
		? [{ address: literal, family: isIP(literal) }]
		: [...(await (options.lookup ?? systemLookup)(hostname))];
	if (!options.allowPrivate) {
		for (const { address } of addresses) assertPublicLiteral(hostname, address);
	}
	return addresses;
}

/**
 * Throws `PrivateAddressError` when `address` (a resolved, canonical IP literal) is not
 * public. For checking the address a socket actually connected to.
 */
export function assertPublicLiteral(hostname: string, address: string): void {
	const range = describeSpecialAddress(address);
	if (range) throw new PrivateAddressError({ hostname, address, range });
}

/**
 * The canonical IP address that `host` spells, or `undefined` when it is a name. Accepts
 * bracketed IPv6 and the legacy IPv4 spellings URLs and resolvers accept (hexadecimal,
 * octal, single number, shortened: `0x7f000001`, `0177.0.0.1`, `2130706433`, `127.1`).
 */
export function normalizeHost(host: string): string | undefined {
	const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
	if (isIP(bare)) return bare;
	if (!/^[0-9a-fx.]+$/i.test(bare)) return undefined;
	try {
		// The WHATWG URL parser implements the legacy IPv4 number forms exactly.
		const parsed = new URL(`http://${bare}/`).hostname;
		return isIP(parsed) === 4 ? parsed : undefined;
	} catch {
		return undefined;
	}
}

/**
 * A `lookup` for `http.request`/`net.connect` that resolves through the guard, so the
 * socket only ever connects to addresses that were checked.
 */
export function createGuardedLookup(options: AddressGuardOptions = {}): LookupFunction {
	return (hostname, lookupOptions, callback) => {
		assertPublicAddress(hostname, options).then(
			(resolved) => {
				const family = lookupOptions.family;
				const wanted =
					family === 4 || family === 6 || family === "IPv4" || family === "IPv6"
						? resolved.filter(
								(entry) => entry.family === (family === "IPv4" || family === 4 ? 4 : 6),
							)
						: resolved;
				const first = wanted[0];
				if (!first) {
					const error: NodeJS.ErrnoException = new Error(
						`No address of the wanted family for ${hostname}`,
					);
					error.code = "ENOTFOUND";
					callback(error, "", 0);
				} else if (lookupOptions.all) callback(null, wanted);
				else callback(null, first.address, first.family);
			},
			(error: unknown) => callback(error as NodeJS.ErrnoException, "", 0),
		);
	};
}
