import { pipelinesFor, type CheckName, type Pipelines } from '../../resultsAndCallbacks/checks';
import { readHttpUrl } from '../helpers/httpUrl';

export interface DocumentRequestBody {
	idImage: string;
	pipelines: Pipelines;
	useUpcomingVersion?: boolean;
	callbackUrl?: string;
	[key: string]: unknown;
}

export interface DocumentRequestInput {
	image: Uint8Array;
	checks: readonly CheckName[];
	useUpcomingVersion: boolean;
	callbackUrl?: string;
}

/** The JSON body of `POST /document`: bare base64 (no data: prefix) and all three pipeline flags, as the contract requires. */
export function buildDocumentRequestBody(input: DocumentRequestInput): DocumentRequestBody {
	const body: DocumentRequestBody = {
		idImage: Buffer.from(
			input.image.buffer,
			input.image.byteOffset,
			input.image.byteLength,
		).toString('base64'),
		pipelines: pipelinesFor(input.checks),
	};
	if (input.useUpcomingVersion) body.useUpcomingVersion = true;
	if (input.callbackUrl !== undefined) body.callbackUrl = input.callbackUrl;
	return body;
}

/**
 * The body as the bytes sent: the image's base64 written once into the buffer, next to the small fields as JSON,
 * instead of a second string of the whole body (base64 needs no JSON escaping). Saves a copy of the largest part
 * of every request, which the garbage collector would otherwise have to clear.
 */
export function serializeDocumentRequest(body: DocumentRequestBody): Buffer {
	const { idImage, ...rest } = body;
	const head = '{"idImage":"';
	const tail = `",${JSON.stringify(rest).slice(1)}`;
	const bytes = Buffer.allocUnsafe(head.length + idImage.length + Buffer.byteLength(tail));
	let offset = bytes.write(head, 0, 'latin1');
	offset += bytes.write(idImage, offset, 'latin1');
	bytes.write(tail, offset, 'utf8');
	return bytes;
}

export type CallbackUrlValidation = { ok: true; url: string } | { ok: false; problem: string };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Why Argos, calling from the internet, could never reach this IPv4 address; undefined when it could. */
function unreachableIpv4(address: string): string | undefined {
	const match = IPV4.exec(address);
	if (!match) return undefined;
	const [a, b] = match.slice(1).map(Number);
	const where = 'which cannot be reached from the internet, where Argos calls from';
	if (address === '169.254.169.254')
		return `${address} is the cloud metadata address of whichever machine calls it, never this n8n`;
	if (a === 0) return `${address} is not an address anyone can call`;
	if (a === 127)
		return `${address} is a loopback address: on Argos' servers it means Argos itself, never this n8n`;
	if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168))
		return `${address} is a private network address (RFC 1918), ${where}`;
	if (a === 100 && b >= 64 && b <= 127)
		return `${address} is a carrier-grade NAT address (RFC 6598), ${where}`;
	if (a === 169 && b === 254)
		return `${address} is a link-local address, valid only on its own network segment`;
	if (a >= 224) return `${address} is a multicast or reserved address, ${where}`;
	return undefined;
}

/** The same for an IPv6 address as the URL parser writes it (compressed, without brackets). */
function unreachableIpv6(address: string): string | undefined {
	const where = 'which cannot be reached from the internet, where Argos calls from';
	if (address === '::1')
		return `[${address}] is a loopback address: on Argos' servers it means Argos itself, never this n8n`;
	if (address === '::') return `[${address}] is not an address anyone can call`;
	// An IPv4 address written as IPv6 (::ffff:7f00:1 is 127.0.0.1) counts as that IPv4 address.
	const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
	if (mapped) {
		const [high, low] = mapped.slice(1).map((group) => parseInt(group, 16));
		return unreachableIpv4([high >> 8, high & 255, low >> 8, low & 255].join('.'));
	}
	const first = parseInt(address.split(':')[0] || '0', 16);
	if ((first & 0xfe00) === 0xfc00)
		return `[${address}] is a private IPv6 address (unique local, fc00::/7), ${where}`;
	if ((first & 0xffc0) === 0xfe80)
		return `[${address}] is a link-local address, valid only on its own network segment`;
	return undefined;
}

/** Names that only the machine itself or a local network resolves. */
const LOCAL_SUFFIXES = ['.localhost', '.local', '.localdomain', '.internal', '.home.arpa', '.lan'];

/** Why Argos could never reach this host; undefined for a public address or a name in public DNS. */
export function unreachableHost(hostname: string): string | undefined {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	if (host.startsWith('[')) return unreachableIpv6(host.slice(1, -1));
	if (IPV4.test(host)) return unreachableIpv4(host);
	if (host === 'localhost')
		return '"localhost" names the machine that calls it: for Argos that is Argos itself, never this n8n';
	const suffix = LOCAL_SUFFIXES.find((ending) => host.endsWith(ending));
	if (suffix)
		return `"${host}" ends in ${suffix}, a name only the local network resolves, never Argos on the internet`;
	if (!host.includes('.'))
		return `"${host}" has no domain: only the local network (or Docker) resolves such a name, never Argos on the internet`;
	return undefined;
}

/** Whether the credential's Base URL is Argos on the internet (the default) rather than an emulator or proxy nearby. */
export function isPublicBaseUrl(baseUrl: string | undefined): boolean {
	if (!baseUrl) return true;
	try {
		return unreachableHost(new URL(baseUrl).hostname) === undefined;
	} catch {
		return true;
	}
}

/**
 * Argos posts the result to this URL from the internet, so it must be an absolute http(s) URL it can reach (see
 * readHttpUrl), and, when Argos is the one on the internet (`argosBaseUrl` public, the default), not on a loopback,
 * private, link-local or local-only host. Against a local emulator those stay allowed.
 */
export function validateCallbackUrl(value: unknown, argosBaseUrl?: string): CallbackUrlValidation {
	const read = readHttpUrl(
		value,
		'Callback URL',
		'Argos does not log in to a callback URL, and would receive them in clear',
	);
	if (!read.ok) return read;
	const unreachable = isPublicBaseUrl(argosBaseUrl)
		? unreachableHost(read.url.hostname)
		: undefined;
	if (unreachable) return { ok: false, problem: unreachable };
	return { ok: true, url: read.url.toString() };
}
