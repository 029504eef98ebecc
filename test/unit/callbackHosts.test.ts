import fc from 'fast-check';

import {
	ADDRESS_BLOCKS,
	formatIpv4,
	parseIpv4,
	parseIpv6,
	unreachableHost,
	type AddressBlock,
} from '../../package/nodes/ArgosIdLiveness/transport/callbackHosts';
import { validateCallbackUrl } from '../../package/nodes/ArgosIdLiveness/transport/documentRequest';

const BITS = { 4: 32, 6: 128 } as const;

/** Every group written out, with leading zeros: the longest spelling, which the URL parser compresses. */
function longIpv6(value: bigint): string {
	return Array.from({ length: 8 }, (_, index) =>
		((value >> BigInt(112 - 16 * index)) & 0xffffn).toString(16).padStart(4, '0'),
	).join(':');
}

/** The host as a URL would hold it, through WHATWG's URL parser. */
function urlHost(version: 4 | 6, value: bigint): string {
	const written = version === 4 ? formatIpv4(value) : `[${longIpv6(value)}]`;
	return new URL(`http://${written}/`).hostname;
}

interface Range {
	row: AddressBlock;
	version: 4 | 6;
	first: bigint;
	last: bigint;
}

function rangeOf(row: AddressBlock): Range {
	const [text, length] = row.block.split('/');
	const version = text.includes(':') ? 6 : 4;
	const first = version === 6 ? parseIpv6(text)! : parseIpv4(text)!;
	const size = 1n << BigInt(BITS[version] - Number(length));
	return { row, version, first, last: first + size - 1n };
}

const RANGES = ADDRESS_BLOCKS.map(rangeOf);
const narrower = (range: Range, version: 4 | 6, address: bigint) =>
	RANGES.some(
		(other) =>
			other !== range &&
			other.version === version &&
			other.last - other.first < range.last - range.first &&
			other.first <= address &&
			address <= other.last,
	);
const inAnyRange = (version: 4 | 6, address: bigint) =>
	RANGES.some(
		(range) => range.version === version && range.first <= address && address <= range.last,
	);

/** An address of the block that no narrower row holds: the block itself decides it. */
function addressDecidedBy(range: Range): bigint {
	const { first, last, version } = range;
	const candidates = [
		first,
		last,
		first + 1n,
		last - 1n,
		(first + last) / 2n,
		first + 2n,
		last - 2n,
	];
	const found = candidates.find(
		(address) => first <= address && address <= last && !narrower(range, version, address),
	);
	if (found === undefined) throw new Error(`no address decided by ${range.row.block}`);
	return found;
}

const PUBLIC_IPV4 = parseIpv4('8.8.8.8')!;
const LOOPBACK_IPV4 = parseIpv4('127.0.0.1')!;

/** An address of an embedding block carrying `ipv4` where that block's form puts it. */
function embedding(range: Range, ipv4: bigint): bigint {
	switch (range.row.embedsIpv4) {
		case '6to4 (bits 16 to 47)':
			return range.first | (ipv4 << 80n);
		case 'Teredo client (last 32 bits, inverted)':
			return range.first | (~ipv4 & 0xffffffffn);
		default:
			return range.first | ipv4;
	}
}

describe('the table', () => {
	it('has valid blocks, each written as its network address, and no block twice', () => {
		for (const { row, version, first } of RANGES) {
			const [text, length] = row.block.split('/');
			const hostBits = BigInt(BITS[version] - Number(length));
			expect((first >> hostBits) << hostBits).toBe(first);
			if (version === 4) expect(formatIpv4(first)).toBe(text);
		}
		expect(new Set(ADDRESS_BLOCKS.map((row) => row.block)).size).toBe(ADDRESS_BLOCKS.length);
	});
});

describe.each(RANGES.filter((range) => range.row.embedsIpv4 === undefined))(
	'$row.block ($row.name)',
	(range) => {
		const { row, version } = range;
		it(
			row.globallyReachable === true
				? 'lets an address inside through (globally reachable)'
				: 'refuses an address inside, naming the block and its registry',
			() => {
				const host = urlHost(version, addressDecidedBy(range));
				const reason = unreachableHost(host);
				if (row.globallyReachable === true) expect(reason).toBeUndefined();
				else {
					expect(reason).toContain(`${host} is in ${row.block}, "${row.name}"`);
					expect(validateCallbackUrl(`https://${host}/webhook/x/callback`)).toEqual({
						ok: false,
						problem: reason,
					});
				}
			},
		);

		it('judges the first address outside by something else, and lets it through when no block holds it', () => {
			const outside = [range.first - 1n, range.last + 1n].filter(
				(address) => address >= 0n && address < 1n << BigInt(BITS[version]),
			);
			for (const address of outside) {
				const reason = unreachableHost(urlHost(version, address));
				expect(reason ?? '').not.toContain(` ${row.block},`);
				if (!inAnyRange(version, address)) expect(reason).toBeUndefined();
			}
		});
	},
);

describe.each(RANGES.filter((range) => range.row.embedsIpv4 !== undefined))(
	'$row.block ($row.name) carries an IPv4 address: $row.embedsIpv4',
	(range) => {
		it('refuses the form of a loopback address, naming both blocks', () => {
			const host = urlHost(6, embedding(range, LOOPBACK_IPV4));
			const reason = unreachableHost(host);
			expect(reason).toMatch(
				new RegExp(
					`^\\[[0-9a-f:.]+\\] carries the IPv4 address 127\\.0\\.0\\.1 \\(${range.row.block}, "`,
				),
			);
			expect(reason).toContain(', and 127.0.0.1 is in 127.0.0.0/8, "Loopback"');
		});

		it('lets the form of a public address through', () => {
			expect(unreachableHost(urlHost(6, embedding(range, PUBLIC_IPV4)))).toBeUndefined();
		});

		it('judges the first address outside by something else', () => {
			for (const address of [range.first - 1n, range.last + 1n]) {
				expect(unreachableHost(urlHost(6, address)) ?? '').not.toContain(` (${range.row.block},`);
			}
		});
	},
);

describe('the attacks that got through before', () => {
	it.each([
		['http://[0:0:0:0:0:0:0:1]/webhook/x/callback', '::1/128'],
		['http://[0000::0001]/webhook/x/callback', '::1/128'],
		['http://[::0:0:1]/webhook/x/callback', '::1/128'],
		['http://[::127.0.0.1]/webhook/x/callback', '127.0.0.0/8'],
		['http://[::ffff:127.0.0.1]/webhook/x/callback', '127.0.0.0/8'],
		['http://[::ffff:0:7f00:1]/webhook/x/callback', '::/8'],
		['http://[64:ff9b::169.254.169.254]/latest/meta-data', '169.254.169.254/32'],
		['http://[64:ff9b::a9fe:a9fe]/latest/meta-data', '169.254.169.254/32'],
		['http://[2002:a9fe:a9fe::1]/latest/meta-data', '169.254.169.254/32'],
		['http://198.18.0.1/webhook/x/callback', '198.18.0.0/15'],
		['http://198.19.255.254/webhook/x/callback', '198.18.0.0/15'],
		['http://0x7f.1/webhook/x/callback', '127.0.0.0/8'],
		['http://2130706433/webhook/x/callback', '127.0.0.0/8'],
		['http://0177.0.0.1/webhook/x/callback', '127.0.0.0/8'],
		['http://127.1/webhook/x/callback', '127.0.0.0/8'],
		['http://127.0.0.1./webhook/x/callback', '127.0.0.0/8'],
		['http://[fd00:ec2::254]/latest/meta-data', 'fc00::/7'],
		['http://100.100.100.200/latest/meta-data', '100.64.0.0/10'],
	])('refuses %s (%s) when Argos is on the internet', (url, block) => {
		const checked = validateCallbackUrl(url);
		expect(checked).toEqual({ ok: false, problem: expect.stringContaining(` ${block},`) });
		// against the local emulator, local hosts are where callbacks go
		expect(validateCallbackUrl(url, 'http://127.0.0.1:4010/modules')).toMatchObject({ ok: true });
	});

	it('refuses a zone ID, which no URL can carry, as not a URL', () => {
		expect(validateCallbackUrl('http://[fe80::1%25eth0]/webhook/x/callback')).toEqual({
			ok: false,
			problem: '"http://[fe80::1%25eth0]/webhook/x/callback" is not an absolute URL',
		});
	});
});

describe('parseIpv4, in the spellings WHATWG URL parsing turns into an IPv4 address', () => {
	it.each([
		['127.0.0.1', '127.0.0.1'],
		['127.0.0.1.', '127.0.0.1'],
		['0x7f.1', '127.0.0.1'],
		['0x7F000001', '127.0.0.1'],
		['0177.0.0.1', '127.0.0.1'],
		['127.1', '127.0.0.1'],
		['127.0.1', '127.0.0.1'],
		['2130706433', '127.0.0.1'],
		['0x', '0.0.0.0'],
		['0', '0.0.0.0'],
		['4294967295', '255.255.255.255'],
	])('%s is %s, as for the URL parser', (spelling, dotted) => {
		expect(formatIpv4(parseIpv4(spelling)!)).toBe(dotted);
		expect(new URL(`http://${spelling}/`).hostname).toBe(dotted);
	});

	it.each([['4294967296'], ['256.0.0.1'], ['1.2.3.4.5'], ['08.1.1.1'], ['1..1'], ['0x100000000']])(
		'refuses %s, as the URL parser does',
		(spelling) => {
			expect(parseIpv4(spelling)).toBeUndefined();
			expect(() => new URL(`http://${spelling}/`)).toThrow();
			expect(unreachableHost(spelling)).toBe(`"${spelling}" is not a valid IPv4 address`);
		},
	);

	it('reads every address in any mix of spellings as the URL parser does', () => {
		const part = (value: number, form: 'decimal' | 'octal' | 'hex') =>
			form === 'decimal'
				? String(value)
				: form === 'octal'
					? `0${value.toString(8)}`
					: `0x${value.toString(16)}`;
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 0xffffffff }),
				fc.integer({ min: 1, max: 4 }),
				fc.array(fc.constantFrom('decimal', 'octal', 'hex'), { minLength: 4, maxLength: 4 }),
				(value, partCount, forms) => {
					const bytes = [24, 16, 8, 0].map((shift) => (value >>> shift) & 255);
					const head = bytes.slice(0, partCount - 1);
					const rest = bytes.slice(partCount - 1).reduce((sum, byte) => sum * 256 + byte, 0);
					const spelling = [...head, rest]
						.map((number, index) => part(number, forms[index] as 'hex'))
						.join('.');
					const dotted = bytes.join('.');
					expect(formatIpv4(parseIpv4(spelling)!)).toBe(dotted);
					expect(new URL(`http://${spelling}/`).hostname).toBe(dotted);
				},
			),
			{ numRuns: 2000 },
		);
	});
});

describe('parseIpv6, in every text form', () => {
	it.each([
		['::1', 1n],
		['[::1]', 1n],
		['0:0:0:0:0:0:0:1', 1n],
		['0000:0000:0000:0000:0000:0000:0000:0001', 1n],
		['::0:0:1', 1n],
		['::', 0n],
		['::FFFF:7F00:1', 0xffff7f000001n],
		['::ffff:127.0.0.1', 0xffff7f000001n],
		['fe80::1%eth0', (0xfe80n << 112n) | 1n],
		['[fe80::1%25eth0]', (0xfe80n << 112n) | 1n],
		['1::', 1n << 112n],
		['1:2:3:4:5:6:7::', 0x0001000200030004000500060007_0000n],
	])('%s', (spelling, value) => {
		expect(parseIpv6(spelling)).toBe(value);
	});

	it.each([
		[':::1'],
		['1::2::3'],
		['12345::1'],
		['1:2:3:4:5:6:7:8:9'],
		['1:2:3:4:5:6:7'],
		['::1.2.3'],
		['::256.0.0.1'],
		['g::1'],
		[':1::'],
	])('refuses %s', (spelling) => {
		expect(parseIpv6(spelling)).toBeUndefined();
		expect(unreachableHost(`[${spelling}]`)).toBe(`"[${spelling}]" is not a valid IPv6 address`);
	});

	it('reads every address in any spelling (compressed, leading zeros, upper case, dotted tail) as the URL parser does', () => {
		fc.assert(
			fc.property(
				fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
				fc.record({
					compress: fc.boolean(),
					pad: fc.boolean(),
					upper: fc.boolean(),
					dotted: fc.boolean(),
				}),
				(value, style) => {
					const values = Array.from(
						{ length: 8 },
						(_, index) => (value >> BigInt(112 - 16 * index)) & 0xffffn,
					);
					const groups = values.map((group) => {
						const text = style.pad ? group.toString(16).padStart(4, '0') : group.toString(16);
						return style.upper ? text.toUpperCase() : text;
					});
					const hex = style.dotted ? 6 : 8;
					const tail = style.dotted ? [formatIpv4(value & 0xffffffffn)] : [];
					// the first run of zero groups, if any, written as "::"
					const start = values.findIndex((group, index) => index < hex && group === 0n);
					let end = start;
					while (end >= 0 && end < hex && values[end] === 0n) end++;
					const spelling =
						style.compress && start >= 0
							? `${groups.slice(0, start).join(':')}::${[...groups.slice(end, hex), ...tail].join(':')}`
							: [...groups.slice(0, hex), ...tail].join(':');
					expect(parseIpv6(spelling)).toBe(value);
					expect(parseIpv6(new URL(`http://[${spelling}]/`).hostname)).toBe(value);
				},
			),
			{ numRuns: 3000 },
		);
	});
});

describe('host names', () => {
	it.each([
		['localhost', /^"localhost" names the machine that calls it/],
		['LOCALHOST.', /^"localhost" names the machine/],
		['n8n.localhost', /ends in \.localhost/],
		['n8n', /^"n8n" has no domain/],
		['n8n.local', /ends in \.local,/],
		['n8n.internal', /ends in \.internal,/],
		['nas.home.arpa', /ends in \.home\.arpa,/],
	])('refuses %s', (host, reason) => {
		expect(unreachableHost(host)).toMatch(reason);
	});

	it.each([['n8n.example.com'], ['localhost-tunnel.example.com'], ['1e100.net'], ['8.8.8.8']])(
		'lets %s through',
		(host) => {
			expect(unreachableHost(host)).toBeUndefined();
		},
	);
});
