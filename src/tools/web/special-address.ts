/**
 * Address ranges that are not the public internet, and how to tell whether an IP address
 * falls in one. Addresses here are canonical literals (what `dns.lookup` returns or
 * `normalizeHost` produces), never host names.
 */

/** node:net, loaded with its first use (process.getBuiltinModule), not with `import "crewkit"`. */
const net = () => process.getBuiltinModule("node:net");

/** 4 or 6 for an IP address literal, 0 for anything else (node:net's `isIP`). */
export const isIP = (input: string): number => net().isIP(input);

interface Range {
	/** Network address as bytes (4 for IPv4, 16 for IPv6). */
	network: Uint8Array;
	prefix: number;
	label: string;
	cidr: string;
}

const ipv4Ranges = [
	["0.0.0.0/8", "unspecified ('this network')"],
	["10.0.0.0/8", "private"],
	["100.64.0.0/10", "carrier-grade NAT (shared)"],
	["127.0.0.0/8", "loopback"],
	["169.254.0.0/16", "link-local (cloud metadata)"],
	["172.16.0.0/12", "private"],
	["192.0.0.0/24", "IETF protocol assignment"],
	["192.0.2.0/24", "documentation"],
	["192.168.0.0/16", "private"],
	["198.18.0.0/15", "benchmarking"],
	["198.51.100.0/24", "documentation"],
	["203.0.113.0/24", "documentation"],
	["224.0.0.0/4", "multicast"],
	["240.0.0.0/4", "reserved (and broadcast)"],
].map(([cidr, label]) => toRange(cidr as string, label as string));

const ipv6Ranges = [
	["::/128", "unspecified"],
	["::1/128", "loopback"],
	["100::/64", "discard-only"],
	["2001:db8::/32", "documentation"],
	["fc00::/7", "private (unique local)"],
	["fe80::/10", "link-local"],
	["fec0::/10", "site-local (deprecated)"],
	["ff00::/8", "multicast"],
].map(([cidr, label]) => toRange(cidr as string, label as string));

/** IPv6 ranges that carry an IPv4 address, and where it sits. */
const embeddingRanges: Array<{ range: Range; offset: number; form: string }> = [
	{ range: toRange("::ffff:0:0/96", ""), offset: 12, form: "IPv4-mapped IPv6" },
	{ range: toRange("::ffff:0:0:0/96", ""), offset: 12, form: "IPv4-translated IPv6" },
	{ range: toRange("::/96", ""), offset: 12, form: "IPv4-compatible IPv6" },
	{ range: toRange("64:ff9b::/96", ""), offset: 12, form: "NAT64 IPv6" },
	{ range: toRange("64:ff9b:1::/48", ""), offset: 12, form: "NAT64 IPv6" },
	{ range: toRange("2002::/16", ""), offset: 2, form: "6to4 IPv6" },
];

/**
 * What kind of non-public address `address` is, with its range ("loopback (127.0.0.0/8)"),
 * or `undefined` for a public address. IPv6 forms that embed an IPv4 address (mapped,
 * NAT64, 6to4) are judged by the IPv4 address inside. Unparsable input counts as
 * non-public: refusing is the safe answer.
 */
export function describeSpecialAddress(address: string): string | undefined {
	const bytes = parseAddress(address);
	if (!bytes) return "unrecognized";
	if (bytes.length === 4) return matchRange(bytes, ipv4Ranges);
	const direct = matchRange(bytes, ipv6Ranges);
	if (direct) return direct;
	for (const { range, offset, form } of embeddingRanges) {
		if (!inRange(bytes, range)) continue;
		const inner = bytes.subarray(offset, offset + 4);
		const kind = matchRange(inner, ipv4Ranges);
		if (kind) return `${form} form of ${inner.join(".")}, which is ${kind}`;
	}
	return undefined;
}

/** Parses a dotted-quad IPv4 or any IPv6 literal (zone id allowed) into bytes. */
export function parseAddress(address: string): Uint8Array | undefined {
	// A zone id (`%eth0`) runs to the end of the address.
	const bare = address.replace(/^\[|\]$/g, "").replace(/%.*/, "");
	if (net().isIPv4(bare)) return Uint8Array.from(bare.split(".").map(Number));
	if (!net().isIPv6(bare)) return undefined;
	let text = bare;
	const tail: number[] = [];
	// In a valid IPv6 address a dotted IPv4 part can only come last.
	const dotted = /(\d+\.\d+\.\d+\.\d+)/.exec(text);
	if (dotted?.[1]) {
		tail.push(...dotted[1].split(".").map(Number));
		text = `${text.slice(0, dotted.index)}0:0`;
	}
	const [head = "", rest] = text.split("::");
	const headGroups = head ? head.split(":") : [];
	const restGroups = rest ? rest.split(":") : [];
	const missing = rest === undefined ? 0 : 8 - headGroups.length - restGroups.length;
	const groups = [...headGroups, ...Array<string>(missing).fill("0"), ...restGroups];
	const bytes = new Uint8Array(16);
	groups.forEach((group, index) => {
		const value = Number.parseInt(group, 16);
		bytes[index * 2] = value >> 8;
		bytes[index * 2 + 1] = value & 0xff;
	});
	if (tail.length) bytes.set(tail, 12);
	return bytes;
}

function toRange(cidr: string, label: string): Range {
	const [address = "", prefix = "0"] = cidr.split("/");
	const network = parseAddress(address);
	if (!network) throw new Error(`Bad range ${cidr}`);
	return { network, prefix: Number(prefix), label, cidr };
}

function matchRange(bytes: Uint8Array, ranges: readonly Range[]): string | undefined {
	const range = ranges.find((candidate) => inRange(bytes, candidate));
	return range ? `${range.label} (${range.cidr})` : undefined;
}

/** Whether `bytes` fall in `range`, an address and a range of the same family. */
function inRange(bytes: Uint8Array, range: Range): boolean {
	const fullBytes = Math.floor(range.prefix / 8);
	for (let index = 0; index < fullBytes; index++) {
		if (bytes[index] !== range.network[index]) return false;
	}
	// The bits of the prefix in its last, partial byte (none when the prefix is whole bytes).
	const mask = (0xff << (8 - (range.prefix % 8))) & 0xff;
	return ((bytes[fullBytes] ?? 0) & mask) === ((range.network[fullBytes] ?? 0) & mask);
}
