import assert from "node:assert/strict";
import type { LookupAddress } from "node:dns";
import { describe, test } from "node:test";
import {
	assertPublicAddress,
	createGuardedLookup,
	type DnsLookup,
	normalizeHost,
} from "./address-guard.ts";
import { describeSpecialAddress } from "./special-address.ts";
import { PrivateAddressError } from "./web-errors.ts";

/** A resolver that answers from a table and counts its calls: no real DNS in these tests. */
function fakeDns(table: Record<string, string[]>) {
	const calls: string[] = [];
	const lookup: DnsLookup = async (hostname) => {
		calls.push(hostname);
		const addresses = table[hostname];
		if (!addresses)
			throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
		return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
	};
	return { lookup, calls };
}

const refusedLiterals: Array<[string, string, RegExp]> = [
	["127.0.0.1", "127.0.0.1", /loopback/],
	["10.1.2.3", "10.1.2.3", /private \(10\.0\.0\.0\/8\)/],
	["172.16.5.4", "172.16.5.4", /private/],
	["192.168.1.1", "192.168.1.1", /private/],
	["169.254.169.254", "169.254.169.254", /link-local \(cloud metadata\)/],
	["100.64.0.1", "100.64.0.1", /carrier-grade NAT/],
	["0.0.0.0", "0.0.0.0", /unspecified/],
	["224.0.0.251", "224.0.0.251", /multicast/],
	["255.255.255.255", "255.255.255.255", /broadcast/],
	["[::1]", "::1", /loopback/],
	["::", "::", /unspecified/],
	["[fe80::1]", "fe80::1", /link-local/],
	["fd12:3456::1", "fd12:3456::1", /unique local/],
	["ff02::1", "ff02::1", /multicast/],
	["0x7f000001", "127.0.0.1", /loopback/],
	["2130706433", "127.0.0.1", /loopback/],
	["127.1", "127.0.0.1", /loopback/],
	["0177.0.0.1", "127.0.0.1", /loopback/],
	["0xa9.0xfe.0xa9.0xfe", "169.254.169.254", /link-local/],
	[
		"[::ffff:127.0.0.1]",
		"::ffff:127.0.0.1",
		/IPv4-mapped IPv6 form of 127\.0\.0\.1, which is loopback/,
	],
	[
		"::ffff:a9fe:a9fe",
		"::ffff:a9fe:a9fe",
		/IPv4-mapped IPv6 form of 169\.254\.169\.254, which is link-local/,
	],
	[
		"::ffff:0:127.0.0.1",
		"::ffff:0:127.0.0.1",
		/IPv4-translated IPv6 form of 127\.0\.0\.1, which is loopback/,
	],
	[
		"[::ffff:0:a9fe:a9fe]",
		"::ffff:0:a9fe:a9fe",
		/IPv4-translated IPv6 form of 169\.254\.169\.254, which is link-local/,
	],
	["64:ff9b::a00:1", "64:ff9b::a00:1", /NAT64 IPv6 form of 10\.0\.0\.1, which is private/],
	["2002:7f00:1::", "2002:7f00:1::", /6to4 IPv6 form of 127\.0\.0\.1, which is loopback/],
];

describe("assertPublicAddress", () => {
	for (const [host, address, range] of refusedLiterals) {
		test(`refuses ${host} without resolving it`, async () => {
			const dns = fakeDns({});
			await assert.rejects(assertPublicAddress(host, { lookup: dns.lookup }), (error: unknown) => {
				assert.ok(error instanceof PrivateAddressError);
				assert.equal(error.address, address);
				assert.match(error.range, range);
				return true;
			});
			assert.deepEqual(dns.calls, []);
		});
	}

	test("says which address was refused and how to allow it", async () => {
		const dns = fakeDns({ "intranet.example": ["10.0.0.5"] });
		await assert.rejects(
			assertPublicAddress("intranet.example", { lookup: dns.lookup }),
			(error: unknown) =>
				error instanceof PrivateAddressError &&
				error.message ===
					"Refused to connect to 'intranet.example' (10.0.0.5): the address is private (10.0.0.0/8), not public. " +
						"crewkit does not fetch private-network addresses unless told to: pass allowPrivateAddresses: true, or run the CLI with --allow-private-network.",
		);
	});

	test("refuses names that resolve to loopback, private, link-local or ::1 addresses", async () => {
		const dns = fakeDns({
			"localhost.example": ["127.0.0.1"],
			"intranet.example": ["10.20.30.40"],
			"metadata.example": ["169.254.169.254"],
			"v6-loopback.example": ["::1"],
			"mixed.example": ["93.184.216.34", "192.168.0.10"],
		});
		for (const [name, address] of [
			["localhost.example", "127.0.0.1"],
			["intranet.example", "10.20.30.40"],
			["metadata.example", "169.254.169.254"],
			["v6-loopback.example", "::1"],
			["mixed.example", "192.168.0.10"],
		] as const) {
			await assert.rejects(
				assertPublicAddress(name, { lookup: dns.lookup }),
				(error: unknown) =>
					error instanceof PrivateAddressError &&
					error.hostname === name &&
					error.address === address,
				name,
			);
		}
	});

	test("allows all of them with allowPrivate", async () => {
		const dns = fakeDns({ "intranet.example": ["10.20.30.40"] });
		for (const host of ["127.0.0.1", "10.1.2.3", "169.254.169.254", "[::1]", "0x7f000001"]) {
			const [first] = await assertPublicAddress(host, { allowPrivate: true, lookup: dns.lookup });
			assert.ok(first && describeSpecialAddress(first.address), host);
		}
		assert.deepEqual(
			await assertPublicAddress("intranet.example", { allowPrivate: true, lookup: dns.lookup }),
			[{ address: "10.20.30.40", family: 4 }],
		);
	});

	test("allows public addresses, resolved or literal", async () => {
		const dns = fakeDns({ "example.com": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"] });
		assert.deepEqual(await assertPublicAddress("example.com", { lookup: dns.lookup }), [
			{ address: "93.184.216.34", family: 4 },
			{ address: "2606:2800:220:1:248:1893:25c8:1946", family: 6 },
		]);
		assert.deepEqual(await assertPublicAddress("8.8.8.8", { lookup: dns.lookup }), [
			{ address: "8.8.8.8", family: 4 },
		]);
		assert.deepEqual(dns.calls, ["example.com"]);
	});

	test("passes resolver failures through", async () => {
		await assert.rejects(
			assertPublicAddress("nowhere.example", { lookup: fakeDns({}).lookup }),
			/ENOTFOUND/,
		);
	});
});

describe("describeSpecialAddress", () => {
	test("ranges end where they should", () => {
		for (const address of [
			"172.15.255.255",
			"172.32.0.0",
			"100.63.255.255",
			"100.128.0.0",
			"169.253.255.255",
			"11.0.0.0",
			"::ffff:808:808",
			"2001:4860:4860::8888",
		]) {
			assert.equal(describeSpecialAddress(address), undefined, address);
		}
		assert.match(describeSpecialAddress("172.31.255.255") ?? "", /private/);
		assert.match(describeSpecialAddress("100.127.255.255") ?? "", /carrier-grade/);
		assert.match(describeSpecialAddress("fe80::1%eth0") ?? "", /link-local/);
		assert.equal(describeSpecialAddress("not-an-address"), "unrecognized");
	});
});

describe("normalizeHost", () => {
	test("turns every literal spelling into its canonical address and leaves names alone", () => {
		assert.equal(normalizeHost("[::1]"), "::1");
		assert.equal(normalizeHost("0x7f000001"), "127.0.0.1");
		assert.equal(normalizeHost("2130706433"), "127.0.0.1");
		assert.equal(normalizeHost("127.1"), "127.0.0.1");
		assert.equal(normalizeHost("example.com"), undefined);
		assert.equal(normalizeHost("cafe.be"), undefined);
	});
});

describe("createGuardedLookup", () => {
	const call = (
		lookup: ReturnType<typeof createGuardedLookup>,
		hostname: string,
		options: { all?: boolean; family?: number },
	) =>
		new Promise<{ error: unknown; address: string | LookupAddress[]; family: number | undefined }>(
			(resolve) => {
				lookup(hostname, options, (error, address, family) => resolve({ error, address, family }));
			},
		);

	test("answers like dns.lookup for public names", async () => {
		const dns = fakeDns({ "example.com": ["93.184.216.34", "2606:2800:220:1::1"] });
		const lookup = createGuardedLookup({ lookup: dns.lookup });
		assert.deepEqual(await call(lookup, "example.com", {}), {
			error: null,
			address: "93.184.216.34",
			family: 4,
		});
		assert.deepEqual(await call(lookup, "example.com", { family: 6 }), {
			error: null,
			address: "2606:2800:220:1::1",
			family: 6,
		});
		const all = await call(lookup, "example.com", { all: true });
		assert.equal(all.error, null);
		assert.equal((all.address as LookupAddress[]).length, 2);
	});

	test("fails the connection for names that resolve to private addresses", async () => {
		const dns = fakeDns({ "rebind.example": ["127.0.0.1"] });
		const result = await call(createGuardedLookup({ lookup: dns.lookup }), "rebind.example", {
			all: true,
		});
		assert.ok(result.error instanceof PrivateAddressError);
	});
});

describe("the address guard, in detail", () => {
	const call = (
		lookup: ReturnType<typeof createGuardedLookup>,
		hostname: string,
		options: { all?: boolean; family?: number | string },
	) =>
		new Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family: unknown }>(
			(resolve) => {
				lookup(hostname, options as never, (error, address, family) =>
					resolve({ error, address, family }),
				);
			},
		);
	const dual = fakeDns({
		"dual.example": ["93.184.216.34", "2606:2800:220:1::1", "93.184.216.35"],
	});

	test("a literal address is named once in the message", async () => {
		await assert.rejects(
			assertPublicAddress("127.0.0.1"),
			(error: unknown) =>
				error instanceof PrivateAddressError &&
				error.hostname === "127.0.0.1" &&
				error.message.startsWith(
					"Refused to connect to '127.0.0.1': the address is loopback (127.0.0.0/8), not public. ",
				),
		);
	});

	test("without an injected resolver the system's answers for localhost are refused", async () => {
		await assert.rejects(
			assertPublicAddress("localhost"),
			(error: unknown) => error instanceof PrivateAddressError && error.hostname === "localhost",
		);
	});

	test("a lookup for one family answers with that family's addresses only", async () => {
		const lookup = createGuardedLookup({ lookup: dual.lookup });
		for (const family of [4, "IPv4"]) {
			assert.deepEqual(await call(lookup, "dual.example", { family }), {
				error: null,
				address: "93.184.216.34",
				family: 4,
			});
			assert.deepEqual(await call(lookup, "dual.example", { family, all: true }), {
				error: null,
				address: [
					{ address: "93.184.216.34", family: 4 },
					{ address: "93.184.216.35", family: 4 },
				],
				family: undefined,
			});
		}
		for (const family of [6, "IPv6"]) {
			assert.deepEqual(await call(lookup, "dual.example", { family }), {
				error: null,
				address: "2606:2800:220:1::1",
				family: 6,
			});
		}
		assert.deepEqual(await call(lookup, "dual.example", { family: 0, all: true }), {
			error: null,
			address: [
				{ address: "93.184.216.34", family: 4 },
				{ address: "2606:2800:220:1::1", family: 6 },
				{ address: "93.184.216.35", family: 4 },
			],
			family: undefined,
		});
	});

	test("no address of the wanted family is ENOTFOUND; resolver failures reach the callback", async () => {
		const v4only = createGuardedLookup({
			lookup: fakeDns({ "v4.example": ["93.184.216.34"] }).lookup,
		});
		const missing = await call(v4only, "v4.example", { family: 6 });
		assert.equal(missing.error?.message, "No address of the wanted family for v4.example");
		assert.equal(missing.error?.code, "ENOTFOUND");
		assert.equal(missing.address, "");
		assert.equal(missing.family, 0);
		const failed = await call(v4only, "other.example", {});
		assert.equal(failed.error?.code, "ENOTFOUND");
		assert.match(failed.error?.message ?? "", /getaddrinfo ENOTFOUND other\.example/);
		assert.equal(failed.address, "");
	});

	test("private addresses are answered when allowed", async () => {
		const lookup = createGuardedLookup({
			allowPrivate: true,
			lookup: fakeDns({ "intranet.example": ["10.0.0.5"] }).lookup,
		});
		assert.deepEqual(await call(lookup, "intranet.example", {}), {
			error: null,
			address: "10.0.0.5",
			family: 4,
		});
	});

	test("normalizeHost reads only what is a literal address", () => {
		assert.equal(normalizeHost("[::ffff:127.0.0.1]"), "::ffff:127.0.0.1");
		assert.equal(normalizeHost("0x7f.1"), "127.0.0.1");
		assert.equal(normalizeHost("0XA9.0XFE.0XA9.0XFE"), "169.254.169.254");
		assert.equal(normalizeHost("10.0.0.1"), "10.0.0.1");
		for (const name of [
			"[::1",
			"::1]",
			"cafe",
			"face.bad",
			"1.2.3.4.5",
			"0xZZ",
			"127.0.0.1.example",
			"",
			"deadbeef",
		]) {
			assert.equal(normalizeHost(name), undefined, name);
		}
	});
});
