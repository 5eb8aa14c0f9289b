import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { describeSpecialAddress, isIP, parseAddress } from "./special-address.ts";

describe("describeSpecialAddress", () => {
	test("names every non-public IPv4 range, from its first address to its last", () => {
		for (const [first, last, description] of [
			["0.0.0.0", "0.255.255.255", "unspecified ('this network') (0.0.0.0/8)"],
			["10.0.0.0", "10.255.255.255", "private (10.0.0.0/8)"],
			["100.64.0.0", "100.127.255.255", "carrier-grade NAT (shared) (100.64.0.0/10)"],
			["127.0.0.0", "127.255.255.255", "loopback (127.0.0.0/8)"],
			["169.254.0.0", "169.254.255.255", "link-local (cloud metadata) (169.254.0.0/16)"],
			["172.16.0.0", "172.31.255.255", "private (172.16.0.0/12)"],
			["192.0.0.0", "192.0.0.255", "IETF protocol assignment (192.0.0.0/24)"],
			["192.0.2.0", "192.0.2.255", "documentation (192.0.2.0/24)"],
			["192.168.0.0", "192.168.255.255", "private (192.168.0.0/16)"],
			["198.18.0.0", "198.19.255.255", "benchmarking (198.18.0.0/15)"],
			["198.51.100.0", "198.51.100.255", "documentation (198.51.100.0/24)"],
			["203.0.113.0", "203.0.113.255", "documentation (203.0.113.0/24)"],
			["224.0.0.0", "239.255.255.255", "multicast (224.0.0.0/4)"],
			["240.0.0.0", "255.255.255.255", "reserved (and broadcast) (240.0.0.0/4)"],
		] as const) {
			assert.equal(describeSpecialAddress(first), description, first);
			assert.equal(describeSpecialAddress(last), description, last);
		}
	});

	test("the public addresses just outside each IPv4 range are public", () => {
		for (const address of [
			"1.0.0.0",
			"9.255.255.255",
			"11.0.0.0",
			"100.63.255.255",
			"100.128.0.0",
			"126.255.255.255",
			"128.0.0.0",
			"169.253.255.255",
			"169.255.0.0",
			"172.15.255.255",
			"172.32.0.0",
			"192.0.1.0",
			"192.0.3.0",
			"192.167.255.255",
			"192.169.0.0",
			"198.17.255.255",
			"198.20.0.0",
			"198.51.99.255",
			"198.51.101.0",
			"203.0.112.255",
			"203.0.114.0",
			"223.255.255.255",
			"8.8.8.8",
		]) {
			assert.equal(describeSpecialAddress(address), undefined, address);
		}
	});

	test("names every non-public IPv6 range", () => {
		for (const [address, description] of [
			["::", "unspecified (::/128)"],
			["::1", "loopback (::1/128)"],
			["100::", "discard-only (100::/64)"],
			["100::ffff:ffff:ffff:ffff", "discard-only (100::/64)"],
			["2001:db8::", "documentation (2001:db8::/32)"],
			["2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "documentation (2001:db8::/32)"],
			["fc00::", "private (unique local) (fc00::/7)"],
			["fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "private (unique local) (fc00::/7)"],
			["fe80::", "link-local (fe80::/10)"],
			["febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "link-local (fe80::/10)"],
			["fec0::", "site-local (deprecated) (fec0::/10)"],
			["feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "site-local (deprecated) (fec0::/10)"],
			["ff00::", "multicast (ff00::/8)"],
			["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "multicast (ff00::/8)"],
			["[::1]", "loopback (::1/128)"],
			["fe80::1%eth0", "link-local (fe80::/10)"],
		] as const) {
			assert.equal(describeSpecialAddress(address), description, address);
		}
		for (const address of [
			"1::",
			"100:0:0:1::",
			"2001:db9::",
			"2001:db7:ffff::",
			"fbff:ffff::",
			"fe00::",
			"2606:4700::1111",
			"2001:4860:4860::8888",
		]) {
			assert.equal(describeSpecialAddress(address), undefined, address);
		}
	});

	test("IPv6 forms that carry an IPv4 address are judged by it, and say which form", () => {
		for (const [address, description] of [
			["::ffff:10.0.0.1", "IPv4-mapped IPv6 form of 10.0.0.1, which is private (10.0.0.0/8)"],
			[
				"::ffff:0:127.0.0.1",
				"IPv4-translated IPv6 form of 127.0.0.1, which is loopback (127.0.0.0/8)",
			],
			["::127.0.0.1", "IPv4-compatible IPv6 form of 127.0.0.1, which is loopback (127.0.0.0/8)"],
			[
				"::a9fe:a9fe",
				"IPv4-compatible IPv6 form of 169.254.169.254, which is link-local (cloud metadata) (169.254.0.0/16)",
			],
			["64:ff9b::c0a8:101", "NAT64 IPv6 form of 192.168.1.1, which is private (192.168.0.0/16)"],
			["64:ff9b:1::a00:1", "NAT64 IPv6 form of 10.0.0.1, which is private (10.0.0.0/8)"],
			[
				"2002:a9fe:a9fe::",
				"6to4 IPv6 form of 169.254.169.254, which is link-local (cloud metadata) (169.254.0.0/16)",
			],
		] as const) {
			assert.equal(describeSpecialAddress(address), description, address);
		}
		for (const address of [
			"::ffff:8.8.8.8",
			"::ffff:0:8.8.8.8",
			"64:ff9b::808:808",
			"64:ff9b:1::808:808",
			"2002:808:808::",
			"64:ff9c::a00:1",
			"2003:7f00:1::",
			"::fffe:a00:1",
		]) {
			assert.equal(describeSpecialAddress(address), undefined, address);
		}
	});

	test("anything that is not an IP address is refused as unrecognized", () => {
		for (const input of ["", "example.com", "127.0.0.1.5", "1:2:3", "::g", "[]"]) {
			assert.equal(describeSpecialAddress(input), "unrecognized", input);
		}
	});
});

describe("parseAddress", () => {
	test("reads IPv4 and every IPv6 spelling into bytes", () => {
		assert.deepEqual(parseAddress("192.168.1.20"), Uint8Array.from([192, 168, 1, 20]));
		assert.deepEqual(
			parseAddress("2001:db8::ff00:42:8329"),
			Uint8Array.from([
				0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0x00, 0x00, 0x42, 0x83, 0x29,
			]),
		);
		assert.deepEqual(
			parseAddress("2001:0db8:0000:0000:0000:ff00:0042:8329"),
			parseAddress("2001:db8::ff00:42:8329"),
		);
		assert.deepEqual(parseAddress("::"), new Uint8Array(16));
		assert.deepEqual(parseAddress("1::"), Uint8Array.from([0, 1, ...new Array(14).fill(0)]));
		assert.deepEqual(parseAddress("::1"), Uint8Array.from([...new Array(15).fill(0), 1]));
		assert.deepEqual(
			parseAddress("::ffff:192.0.2.128"),
			Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 128]),
		);
		assert.deepEqual(
			parseAddress("1:2:3:4:5:6:7.8.9.10"),
			Uint8Array.from([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 7, 8, 9, 10]),
		);
		assert.deepEqual(parseAddress("[fe80::1%25eth0]"), parseAddress("fe80::1"));
		assert.equal(parseAddress("fe80::1")?.[0], 0xfe);
		assert.equal(parseAddress("fe80::1")?.[1], 0x80);
		assert.equal(parseAddress("localhost"), undefined);
	});

	test("isIP tells IPv4 from IPv6 from anything else", () => {
		assert.equal(isIP("10.0.0.1"), 4);
		assert.equal(isIP("::1"), 6);
		assert.equal(isIP("example.com"), 0);
	});
});
