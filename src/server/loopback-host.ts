import { isIP } from "node:net";

/**
 * Whether a host name or address stays on this machine: `localhost` (and its subdomains),
 * 127.0.0.0/8, ::1 and IPv4-mapped loopback. Brackets around IPv6 are allowed.
 */
export function isLoopbackHost(host: string): boolean {
	const name = host
		.trim()
		.toLowerCase()
		.replace(/^\[|\]$/g, "")
		.replace(/\.$/, "");
	if (name === "localhost" || name.endsWith(".localhost")) return true;
	const version = isIP(name);
	if (version === 4) return name.startsWith("127.");
	if (version === 6) return name === "::1" || /^::ffff:127\./.test(name);
	return false;
}
