/**
 * Which hosts Argos, calling from the internet, can never reach: the callback URL rules (see validateCallbackUrl).
 * Addresses are judged by the IANA registries, host names by the suffixes only a local network resolves.
 */

/** Where a block's row comes from. */
type AddressRegistry =
	| 'IPv4 special-purpose'
	| 'IPv6 special-purpose'
	| 'IPv4 address space'
	| 'IPv6 address space'
	| 'cloud providers';

/** Where an IPv6 form carries an IPv4 address: the address is judged by that IPv4 address. */
type EmbeddedIpv4 =
	'last 32 bits' | '6to4 (bits 16 to 47)' | 'Teredo client (last 32 bits, inverted)';

export interface AddressBlock {
	block: string;
	/** The registry's name for the block (without the quotes it puts around two of them). */
	name: string;
	registry: AddressRegistry;
	/**
	 * The registry's "Globally Reachable" column; 'n/a' where it says N/A or nothing (a terminated block), and for
	 * the rows of registries without that column (no such block is a unicast host Argos could call). Only `true`
	 * lets an address through.
	 */
	globallyReachable: boolean | 'n/a';
	embedsIpv4?: EmbeddedIpv4;
	/** Said instead of "not reachable from the internet" where there is more to say. */
	why?: string;
}

const IPV4_SPECIAL = 'IPv4 special-purpose';
const IPV6_SPECIAL = 'IPv6 special-purpose';
const ipv4 = (block: string, name: string, reachable: boolean | 'n/a', why?: string) =>
	({ block, name, registry: IPV4_SPECIAL, globallyReachable: reachable, why }) as const;
const ipv6 = (block: string, name: string, reachable: boolean | 'n/a', embedsIpv4?: EmbeddedIpv4) =>
	({ block, name, registry: IPV6_SPECIAL, globallyReachable: reachable, embedsIpv4 }) as const;
const reservedIpv6 = (block: string) =>
	({
		block,
		name: 'Reserved by IETF',
		registry: 'IPv6 address space',
		globallyReachable: 'n/a',
	}) as const;

const LOOPBACK_WHY = "on Argos' servers it means Argos itself, never this n8n";

/**
 * Every row of IANA's IPv4 and IPv6 special-purpose address registries (both last updated 2025-10-09; rows as
 * published then, the RFC 6890 columns), and from the address-space registries the blocks that are neither unicast
 * nor allocated: IPv4 multicast, and the IPv6 space outside 2000::/3 that is reserved by the IETF or multicast. An
 * address is judged by the most specific block that holds it; an address in no block is public.
 */
export const ADDRESS_BLOCKS: readonly AddressBlock[] = [
	ipv4('0.0.0.0/8', 'This network', false),
	ipv4('0.0.0.0/32', 'This host on this network', false),
	ipv4('10.0.0.0/8', 'Private-Use', false),
	ipv4('100.64.0.0/10', 'Shared Address Space', false),
	ipv4('127.0.0.0/8', 'Loopback', false, LOOPBACK_WHY),
	ipv4('169.254.0.0/16', 'Link Local', false),
	ipv4('172.16.0.0/12', 'Private-Use', false),
	ipv4('192.0.0.0/24', 'IETF Protocol Assignments', false),
	ipv4('192.0.0.0/29', 'IPv4 Service Continuity Prefix', false),
	ipv4('192.0.0.8/32', 'IPv4 dummy address', false),
	ipv4('192.0.0.9/32', 'Port Control Protocol Anycast', true),
	ipv4('192.0.0.10/32', 'Traversal Using Relays around NAT Anycast', true),
	ipv4('192.0.0.170/32', 'NAT64/DNS64 Discovery', false),
	ipv4('192.0.0.171/32', 'NAT64/DNS64 Discovery', false),
	ipv4('192.0.2.0/24', 'Documentation (TEST-NET-1)', false),
	ipv4('192.31.196.0/24', 'AS112-v4', true),
	ipv4('192.52.193.0/24', 'AMT', true),
	ipv4('192.88.99.0/24', 'Deprecated (6to4 Relay Anycast)', 'n/a'),
	ipv4('192.88.99.2/32', '6a44-relay anycast address', false),
	ipv4('192.168.0.0/16', 'Private-Use', false),
	ipv4('192.175.48.0/24', 'Direct Delegation AS112 Service', true),
	ipv4('198.18.0.0/15', 'Benchmarking', false),
	ipv4('198.51.100.0/24', 'Documentation (TEST-NET-2)', false),
	ipv4('203.0.113.0/24', 'Documentation (TEST-NET-3)', false),
	ipv4('240.0.0.0/4', 'Reserved', false),
	ipv4('255.255.255.255/32', 'Limited Broadcast', false),
	{
		block: '224.0.0.0/4',
		name: 'Multicast',
		registry: 'IPv4 address space',
		globallyReachable: 'n/a',
	},
	{
		block: '169.254.169.254/32',
		name: 'cloud metadata service',
		registry: 'cloud providers',
		globallyReachable: 'n/a',
		why: 'it answers whichever machine calls it, never this n8n',
	},

	{ ...ipv6('::1/128', 'Loopback Address', false), why: LOOPBACK_WHY },
	ipv6('::/128', 'Unspecified Address', false),
	ipv6('::ffff:0:0/96', 'IPv4-mapped Address', false, 'last 32 bits'),
	ipv6('64:ff9b::/96', 'IPv4-IPv6 Translat.', true, 'last 32 bits'),
	ipv6('64:ff9b:1::/48', 'IPv4-IPv6 Translat.', false),
	ipv6('100::/64', 'Discard-Only Address Block', false),
	ipv6('100:0:0:1::/64', 'Dummy IPv6 Prefix', false),
	ipv6('2001::/23', 'IETF Protocol Assignments', false),
	ipv6('2001::/32', 'TEREDO', 'n/a', 'Teredo client (last 32 bits, inverted)'),
	ipv6('2001:1::1/128', 'Port Control Protocol Anycast', true),
	ipv6('2001:1::2/128', 'Traversal Using Relays around NAT Anycast', true),
	ipv6('2001:1::3/128', 'DNS-SD Service Registration Protocol Anycast', true),
	ipv6('2001:2::/48', 'Benchmarking', false),
	ipv6('2001:3::/32', 'AMT', true),
	ipv6('2001:4:112::/48', 'AS112-v6', true),
	ipv6('2001:10::/28', 'Deprecated (previously ORCHID)', 'n/a'),
	ipv6('2001:20::/28', 'ORCHIDv2', true),
	ipv6('2001:30::/28', 'Drone Remote ID Protocol Entity Tags (DETs) Prefix', true),
	ipv6('2001:db8::/32', 'Documentation', false),
	ipv6('2002::/16', '6to4', 'n/a', '6to4 (bits 16 to 47)'),
	ipv6('2620:4f:8000::/48', 'Direct Delegation AS112 Service', true),
	ipv6('3fff::/20', 'Documentation', false),
	ipv6('5f00::/16', 'Segment Routing (SRv6) SIDs', false),
	ipv6('fc00::/7', 'Unique-Local', false),
	ipv6('fe80::/10', 'Link-Local Unicast', false),
	{
		block: '::/96',
		name: 'IPv4-compatible IPv6 address (deprecated by RFC 4291)',
		registry: 'IPv6 address space',
		globallyReachable: 'n/a',
		embedsIpv4: 'last 32 bits',
	},
	...[
		'::/8',
		'100::/8',
		'200::/7',
		'400::/6',
		'800::/5',
		'1000::/4',
		'4000::/3',
		'6000::/3',
		'8000::/3',
		'a000::/3',
		'c000::/3',
		'e000::/4',
		'f000::/5',
		'f800::/6',
		'fe00::/9',
		'fec0::/10',
	].map(reservedIpv6),
	{
		block: 'ff00::/8',
		name: 'Multicast',
		registry: 'IPv6 address space',
		globallyReachable: 'n/a',
	},
];

// ---- addresses ---------------------------------------------------------------------------------------------------

interface IpAddress {
	version: 4 | 6;
	value: bigint;
}

const BITS = { 4: 32, 6: 128 } as const;

/** One part of an IPv4 address as WHATWG's URL parser reads it: decimal, 0x hexadecimal or 0-prefixed octal. */
function ipv4Number(part: string): bigint | undefined {
	if (part === '') return undefined;
	if (/^0x/i.test(part))
		return /^[0-9a-f]*$/i.test(part.slice(2)) ? BigInt(`0x${part.slice(2) || '0'}`) : undefined;
	if (part.length > 1 && part.startsWith('0'))
		return /^[0-7]+$/.test(part.slice(1)) ? BigInt(`0o${part.slice(1)}`) : undefined;
	return /^\d+$/.test(part) ? BigInt(part) : undefined;
}

/**
 * An IPv4 address in any spelling WHATWG's URL parser turns into one (`127.1`, `0x7f.1`, `0177.0.0.1`,
 * `2130706433`, a trailing dot); undefined for anything else. URLs given to the node come normalised already; this
 * judges a host however it is written.
 */
export function parseIpv4(text: string): bigint | undefined {
	const parts = text.split('.');
	if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
	if (parts.length > 4) return undefined;
	const numbers = parts.map(ipv4Number);
	if (numbers.some((number) => number === undefined)) return undefined;
	const last = numbers.pop()!;
	if (numbers.some((number) => number! > 255n) || last >= 256n ** BigInt(5 - parts.length))
		return undefined;
	return numbers.reduce<bigint>(
		(sum, number, index) => sum + number! * 256n ** BigInt(3 - index),
		last,
	);
}

/**
 * An IPv6 address in any text form of RFC 4291 (zero compression, leading zeros, upper case, a dotted IPv4 address
 * in the last 32 bits), in brackets or not, with or without a zone ID (`%eth0`, or `%25eth0` as in a URL).
 */
export function parseIpv6(text: string): bigint | undefined {
	let address = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
	const zone = address.indexOf('%');
	if (zone >= 0) address = address.slice(0, zone);
	const lastColon = address.lastIndexOf(':');
	const dotted = address.slice(lastColon + 1);
	if (dotted.includes('.')) {
		const parts = dotted.split('.');
		if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255))
			return undefined;
		const [a, b, c, d] = parts.map(Number);
		address = `${address.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
	}
	const halves = address.split('::');
	if (halves.length > 2) return undefined;
	const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
	if (!groups.flat().every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return undefined;
	const missing = 8 - groups.flat().length;
	if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
	const all =
		halves.length === 2 ? [...groups[0], ...Array(missing).fill('0'), ...groups[1]] : groups[0];
	return all.reduce((sum, group) => (sum << 16n) + BigInt(`0x${group}`), 0n);
}

export function formatIpv4(value: bigint): string {
	return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
}

interface CompiledBlock extends AddressBlock, IpAddress {
	length: number;
}

function compile(row: AddressBlock): CompiledBlock {
	const [text, length] = row.block.split('/');
	const version = text.includes(':') ? 6 : 4;
	const value = version === 6 ? parseIpv6(text) : parseIpv4(text);
	return { ...row, version, value: value!, length: Number(length) };
}

const COMPILED = ADDRESS_BLOCKS.map(compile);

function holds(block: CompiledBlock, address: IpAddress): boolean {
	const hostBits = BigInt(BITS[address.version] - block.length);
	return block.version === address.version && (block.value ^ address.value) >> hostBits === 0n;
}

/** The most specific block of the table that holds `address`, if any. */
function blockOf(address: IpAddress): AddressBlock | undefined {
	let found: CompiledBlock | undefined;
	for (const block of COMPILED)
		if (holds(block, address) && (!found || block.length > found.length)) found = block;
	return found;
}

function embeddedIpv4(form: EmbeddedIpv4, value: bigint): bigint {
	if (form === '6to4 (bits 16 to 47)') return (value >> 80n) & 0xffffffffn;
	if (form === 'Teredo client (last 32 bits, inverted)') return ~value & 0xffffffffn;
	return value & 0xffffffffn;
}

const REGISTRY_NAMES: Record<AddressRegistry, string> = {
	'IPv4 special-purpose': "in IANA's IPv4 special-purpose address registry",
	'IPv6 special-purpose': "in IANA's IPv6 special-purpose address registry",
	'IPv4 address space': "in IANA's IPv4 address space registry",
	'IPv6 address space': "in IANA's IPv6 address space registry",
	'cloud providers': "(not an IANA block: where cloud providers' metadata services answer)",
};

/** Why Argos could never reach `address`, written `shown`; undefined when it could. */
function unreachableAddress(address: IpAddress, shown: string): string | undefined {
	const block = blockOf(address);
	if (block === undefined) return undefined;
	const where = `${block.block}, "${block.name}" ${REGISTRY_NAMES[block.registry]}`;
	if (block.embedsIpv4) {
		const inner = embeddedIpv4(block.embedsIpv4, address.value);
		const reason = unreachableAddress({ version: 4, value: inner }, formatIpv4(inner));
		return (
			reason && `${shown} carries the IPv4 address ${formatIpv4(inner)} (${where}), and ${reason}`
		);
	}
	if (block.globallyReachable === true) return undefined;
	return `${shown} is in ${where}: ${block.why ?? 'not reachable from the internet, where Argos calls from'}`;
}

/** Names that only the machine itself or a local network resolves. */
const LOCAL_SUFFIXES = ['.localhost', '.local', '.localdomain', '.internal', '.home.arpa', '.lan'];

/** WHATWG's rule: a host whose last label is a number must be an IPv4 address. */
const ENDS_IN_NUMBER = /(^|\.)(\d+|0x[0-9a-f]*)\.?$/i;

/**
 * Why Argos could never reach this host (a URL's `hostname`, or a host written any other way); undefined for a
 * public address or a name in public DNS. The reason names the host, the block and its registry.
 */
export function unreachableHost(hostname: string): string | undefined {
	const host = hostname.toLowerCase();
	if (host.startsWith('[') || host.includes(':')) {
		const value = parseIpv6(host);
		if (value === undefined) return `"${hostname}" is not a valid IPv6 address`;
		const shown = host.startsWith('[') ? host : `[${host}]`;
		return unreachableAddress({ version: 6, value }, shown);
	}
	if (ENDS_IN_NUMBER.test(host)) {
		const value = parseIpv4(host);
		if (value === undefined) return `"${hostname}" is not a valid IPv4 address`;
		const dotted = formatIpv4(value);
		return unreachableAddress(
			{ version: 4, value },
			dotted === host ? dotted : `${host} (${dotted})`,
		);
	}
	const name = host.replace(/\.$/, '');
	if (name === 'localhost')
		return '"localhost" names the machine that calls it: for Argos that is Argos itself, never this n8n';
	const suffix = LOCAL_SUFFIXES.find((ending) => name.endsWith(ending));
	if (suffix)
		return `"${name}" ends in ${suffix}, a name only the local network resolves, never Argos on the internet`;
	if (!name.includes('.'))
		return `"${name}" has no domain: only the local network (or Docker) resolves such a name, never Argos on the internet`;
	return undefined;
}
