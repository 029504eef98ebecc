/**
 * Matrix 1, bad inputs: each case runs three items through a real n8n, the bad one in the middle (item 1) between
 * two good ones (one item for Submit and Wait, which takes one). ID Liveness in the node's version 1; Face Liveness,
 * Face Compare and ID Recognition in version 3, each with its own images and parameters (one case bad on one side). A bad input must stop the run with an error that
 * names the item and what was wrong, before anything is sent (the emulator counts requests). A few cases are
 * values that must be accepted (numeric text from an expression, a loopback callback URL against the emulator).
 */
import type { IDataObject } from 'n8n-workflow';
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';

import { executionErrorMessage, type ExecutionDetail } from '../n8n';
import type { CaseFolder } from './caseFiles';
import {
	CASE_NODE,
	caseWorkflow,
	type CaseItem,
	type CredentialRef,
	type FamilyResource,
} from './caseWorkflows';
import type { ReliabilityStack } from './reliabilityStack';

type BadInputGroup =
	| 'file'
	| 'base64'
	| 'parameter'
	| 'callback URL'
	| 'callback host'
	| 'option'
	| 'face liveness'
	| 'face compare'
	| 'ID recognition';
/** Which workflow a case runs in: the Verify family's by their resource. */
type BadInputWorkflow =
	'binary' | 'base64' | 'callback' | 'callbackPublicBase' | 'submitAndWait' | FamilyResource;

export interface BadInputCase {
	group: BadInputGroup;
	title: string;
	workflow: BadInputWorkflow;
	/** The bad item: a file (binary workflows), a Base64 Image value, parameters (`p`). */
	bad: {
		file?: (folder: CaseFolder) => string;
		/** Two-image workflows: the second file (Face Compare's target, ID Recognition's back). */
		second?: (folder: CaseFolder) => string;
		image?: (folder: CaseFolder) => unknown;
		p?: IDataObject;
	};
	expect: 'refused' | 'accepted';
	/** A clear message names what was wrong: this matches it. */
	mentions: RegExp;
	/** Big or slow: left out of the sample the test suite runs. */
	heavy?: boolean;
	/** The bad parameters on every item (then item 0 is the first bad one), as a fixed value would set them. */
	everyItem?: boolean;
}

type BadInputOutcome =
	'clear error' | 'unclear error' | 'crashed' | 'not refused' | 'accepted' | 'wrongly refused';

export interface BadInputRow {
	group: BadInputGroup;
	title: string;
	expect: BadInputCase['expect'];
	outcome: BadInputOutcome;
	/** The execution's error message (or its status when there was none). */
	message: string;
	/** Requests the emulator received; null when the Base URL is not the emulator (unknowable). */
	requests: number | null;
}

const MIB = 1024 * 1024;
const GOOD_CALLBACK_URL = 'https://n8n.example.com/webhook/argos-liveness/callback';

// ---- the cases ---------------------------------------------------------------------------------------------------

const IMAGE = /image|file|JPEG|PNG|bytes|MB|pixel|format/i;
const BASE64 = /base64|image|data: ?URL|empty|JPEG|PNG/i;
const CALLBACK = /callback url/i;
/** Values that are no text at all (null is no value: "empty" says it). */
const NOT_TEXT = /^(the number|true|an object|an array)/;
const FOUND_INSTEAD = /number|boolean|true|object|array|list|not (a )?(string|text)/i;

/** The JPEG cut right after its frame header (SOF): dimensions known, no picture data. */
function jpegCutAfterFrameHeader(jpeg: Buffer): Buffer {
	for (let offset = 2; offset + 4 <= jpeg.length;) {
		const marker = jpeg[offset + 1];
		const length = jpeg.readUInt16BE(offset + 2);
		if (marker >= 0xc0 && marker <= 0xc2) return jpeg.subarray(0, offset + 2 + length);
		offset += 2 + length;
	}
	throw new Error('no frame header in the sample JPEG');
}

function padded(content: Buffer, size: number): Buffer {
	return Buffer.concat([content, Buffer.alloc(size - content.length)]);
}

function onePixelPng(): Buffer {
	const png = new PNG({ width: 1, height: 1 });
	png.data.fill(255);
	return PNG.sync.write(png);
}

type FileBuilder = (folder: CaseFolder) => Buffer;
const genuineJpeg = (folder: CaseFolder) => folder.sample('genuine.jpg').content;
const genuinePng = (folder: CaseFolder) => folder.sample('genuine.png').content;

const BAD_FILES: Array<[string, FileBuilder, boolean?]> = [
	['an animated GIF', (f) => f.sample('animated.gif').content],
	['a GIF named .jpg', (f) => f.sample('renamed-gif.jpg').content],
	['a text file', (f) => f.sample('not-an-image.txt').content],
	['an empty file (0 bytes)', () => Buffer.alloc(0)],
	['a tiny JPEG (320x200)', (f) => f.sample('too-small.jpg').content],
	['a 1x1 PNG', onePixelPng],
	['a JPEG cut right after its size header', (f) => jpegCutAfterFrameHeader(genuineJpeg(f))],
	['a JPEG cut in half', (f) => genuineJpeg(f).subarray(0, genuineJpeg(f).length >> 1)],
	['a JPEG without its end marker', (f) => genuineJpeg(f).subarray(0, -2)],
	['a PNG cut after IHDR', (f) => genuinePng(f).subarray(0, 33)],
	['a PNG cut in half', (f) => genuinePng(f).subarray(0, genuinePng(f).length >> 1)],
	['a PNG without IEND', (f) => genuinePng(f).subarray(0, -12)],
	['a JPEG of 10 MiB + 1 byte', (f) => padded(genuineJpeg(f), 10 * MIB + 1), true],
	['a JPEG of 20 MiB', (f) => padded(genuineJpeg(f), 20 * MIB), true],
	['the JPEG signature and zeros', () => padded(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 100)],
	['the PNG signature only', (f) => genuinePng(f).subarray(0, 8)],
	[
		'4 KB of random-looking bytes',
		() => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256)),
	],
	['a PDF', () => Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n')],
	['an HTML page', () => Buffer.from('<!doctype html><html><body>ID photo</body></html>')],
	['a WebP header', () => padded(Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'), 64)],
	['a BMP header', () => padded(Buffer.from('BM', 'latin1'), 64)],
	['a HEIC header', () => padded(Buffer.from('\x00\x00\x00\x18ftypheic', 'latin1'), 64)],
];

const b64 = (content: Buffer) => content.toString('base64');
/**
 * The base64 cases put their value into the webhook's execution data themselves, so they are made from a picture of
 * their own, drawn here (a 640x480 pattern, nothing like the ID card samples): the secret scan looks only for images
 * that entered n8n as files, and must not find this one in their place.
 */
let patternJpeg: Buffer | undefined;
function base64OnlyJpeg(): Buffer {
	if (patternJpeg === undefined) {
		const width = 640;
		const height = 480;
		const data = Buffer.alloc(width * height * 4);
		for (let y = 0; y < height; y++)
			for (let x = 0; x < width; x++)
				data.set([(x * 3) & 255, (y * 5) & 255, (x ^ y) & 255, 255], (y * width + x) * 4);
		patternJpeg = encodeJpeg({ width, height, data }, 80).data;
	}
	return patternJpeg;
}
const BAD_BASE64: Array<[string, (folder: CaseFolder) => unknown, boolean?]> = [
	['the number 12345', () => 12345],
	['the number 0', () => 0],
	['true', () => true],
	['null', () => null],
	['an object', () => ({ photo: 'x' })],
	['an array', () => [1, 2]],
	['an empty string', () => ''],
	['whitespace', () => '   \n '],
	['garbage text', () => 'this is not base64 at all!!! %%%'],
	['padding only', () => '===='],
	['base64 of a text', (f) => b64(f.sample('not-an-image.txt').content)],
	['base64 of a GIF', (f) => b64(f.sample('animated.gif').content)],
	[
		'base64 of a JPEG cut after its size header',
		() => b64(jpegCutAfterFrameHeader(base64OnlyJpeg())),
	],
	['base64 of a 1x1 PNG', () => b64(onePixelPng())],
	['a data: URL of a GIF', (f) => `data:image/gif;base64,${b64(f.sample('animated.gif').content)}`],
	[
		'a data: URL of text',
		(f) => `data:text/plain;base64,${b64(f.sample('not-an-image.txt').content)}`,
	],
	[
		'a data: URL of a PDF',
		() => `data:application/pdf;base64,${b64(Buffer.from('%PDF-1.4\n%%EOF\n'))}`,
	],
	['a data: URL without ;base64', () => 'data:image/jpeg,hello'],
	['base64 of a JPEG of 10 MiB + 1 byte', () => b64(padded(base64OnlyJpeg(), 10 * MIB + 1)), true],
];

function parameterCase(
	title: string,
	p: IDataObject,
	mentions: RegExp,
	expect: BadInputCase['expect'] = 'refused',
	workflow: BadInputWorkflow = 'binary',
): BadInputCase {
	return {
		group: workflow === 'binary' ? 'parameter' : 'option',
		title,
		workflow,
		bad: { p },
		expect,
		mentions,
	};
}

/** The same value on every item: options that hold for the whole run are read from the first item. */
function everyItemCase(title: string, p: IDataObject, mentions: RegExp): BadInputCase {
	return { ...parameterCase(`${title}, on every item`, p, mentions), everyItem: true };
}

const PARAMETERS: BadInputCase[] = [
	everyItemCase('Max Concurrent Requests "x"', { concurrency: 'x' }, /Concurren/i),
	everyItemCase('Max Retries "x"', { maxRetries: 'x' }, /Max Retries/i),
	everyItemCase('Request Timeout 0', { timeoutSeconds: 0 }, /Timeout/i),
	parameterCase('Max Retries "x"', { maxRetries: 'x' }, /Max Retries/i),
	parameterCase('Max Retries -1', { maxRetries: -1 }, /Max Retries/i),
	parameterCase('Max Retries 1e9', { maxRetries: 1e9 }, /Max Retries/i),
	parameterCase('Max Retries 2.5', { maxRetries: 2.5 }, /Max Retries/i),
	parameterCase('Max Retries "3" (numeric text)', { maxRetries: '3' }, /Max Retries/i, 'accepted'),
	parameterCase('Max Concurrent Requests "x"', { concurrency: 'x' }, /Concurren/i),
	parameterCase('Max Concurrent Requests 0', { concurrency: 0 }, /Concurren/i),
	parameterCase('Max Concurrent Requests 1e9', { concurrency: 1e9 }, /Concurren/i),
	parameterCase('Request Timeout 0', { timeoutSeconds: 0 }, /Timeout/i),
	parameterCase('Request Timeout -1', { timeoutSeconds: -1 }, /Timeout/i),
	parameterCase('Request Timeout "abc"', { timeoutSeconds: 'abc' }, /Timeout/i),
	parameterCase('Max Retry Wait 0', { maxRetryWaitSeconds: 0 }, /Retry Wait/i),
	parameterCase('Max Retry Wait "x"', { maxRetryWaitSeconds: 'x' }, /Retry Wait/i),
	parameterCase('Rate Limit Wait 0', { maxRateLimitWaitSeconds: 0 }, /Rate Limit/i),
	parameterCase('Rate Limit Wait "soon"', { maxRateLimitWaitSeconds: 'soon' }, /Rate Limit/i),
	parameterCase(
		'Minimum Screen Replay "90" (numeric text)',
		{ minimumScreenReplay: '90' },
		/minimum/i,
		'accepted',
	),
	parameterCase(
		'Minimum Screen Replay "x"',
		{ minimumScreenReplay: 'x' },
		/minimum|screen replay/i,
	),
	parameterCase('Minimum Screen Replay -1', { minimumScreenReplay: -1 }, /minimum|screen replay/i),
	parameterCase(
		'Minimum Paper Printed 101',
		{ minimumPaperPrinted: 101 },
		/minimum|paper printed/i,
	),
	parameterCase(
		'Minimum Replace Portraits 1e300',
		{ minimumReplacePortraits: 1e300 },
		/minimum|replace portraits/i,
	),
	parameterCase(
		'Minimum Replace Portraits "" (empty)',
		{ minimumReplacePortraits: '' },
		/minimum|replace portraits/i,
	),
	parameterCase(
		'every check off',
		{ screenReplay: false, paperPrinted: false, replacePortraits: false },
		/check/i,
	),
	parameterCase('Input Binary Field "" (empty)', { binaryPropertyName: '' }, /binary field/i),
	parameterCase(
		'Input Binary Field naming a missing field',
		{ binaryPropertyName: 'passport' },
		/binary field/i,
	),
	parameterCase(
		'Callback Link Valid For -1',
		{ callbackValidHours: -1 },
		/Valid For|hours/i,
		'refused',
		'callback',
	),
	parameterCase(
		'Callback Link Valid For "abc"',
		{ callbackValidHours: 'abc' },
		/Valid For|hours/i,
		'refused',
		'callback',
	),
	parameterCase(
		'Callback Link Valid For 0',
		{ callbackValidHours: 0 },
		/Valid For|hours/i,
		'refused',
		'callback',
	),
	parameterCase(
		'Wait Limit "x"',
		{ waitLimitMinutes: 'x' },
		/Wait Limit/i,
		'refused',
		'submitAndWait',
	),
	parameterCase(
		'Wait Limit -1',
		{ waitLimitMinutes: -1 },
		/Wait Limit/i,
		'refused',
		'submitAndWait',
	),
	parameterCase('Wait Limit 0', { waitLimitMinutes: 0 }, /Wait Limit/i, 'refused', 'submitAndWait'),
];

function callbackCase(
	title: string,
	callbackUrl: string,
	workflow: 'callback' | 'callbackPublicBase',
	expect: BadInputCase['expect'] = 'refused',
): BadInputCase {
	return {
		group: 'callback URL',
		title,
		workflow,
		bad: { p: { callbackUrl } },
		expect,
		mentions: CALLBACK,
	};
}

const CALLBACK_URLS: BadInputCase[] = [
	callbackCase(
		'user:pass@ in the URL',
		'https://user:pass@n8n.example.com/webhook/x/callback',
		'callback',
	),
	callbackCase(
		'a space in the path',
		'https://n8n.example.com/webhook/my hook/callback',
		'callback',
	),
	callbackCase('a trailing tab inside', 'https://n8n.example.com/web\thook/callback', 'callback'),
	callbackCase('ftp://', 'ftp://n8n.example.com/callback', 'callback'),
	callbackCase('javascript:', 'javascript:alert(1)', 'callback'),
	callbackCase('file://', 'file:///etc/passwd', 'callback'),
	callbackCase('a relative path', '/webhook/x/callback', 'callback'),
	callbackCase('not a URL', 'argos callback please', 'callback'),
	callbackCase('empty', '', 'callback'),
	callbackCase(
		'localhost, Base URL public',
		'http://localhost:5678/webhook/x/callback',
		'callbackPublicBase',
	),
	callbackCase(
		'127.0.0.1, Base URL public',
		'http://127.0.0.1:5678/webhook/x/callback',
		'callbackPublicBase',
	),
	callbackCase(
		'169.254.169.254, Base URL public',
		'http://169.254.169.254/latest/meta-data/',
		'callbackPublicBase',
	),
	callbackCase(
		'10.0.0.5, Base URL public',
		'https://10.0.0.5/webhook/x/callback',
		'callbackPublicBase',
	),
	callbackCase(
		'192.168.1.10, Base URL public',
		'https://192.168.1.10/webhook/x/callback',
		'callbackPublicBase',
	),
	callbackCase(
		'172.16.0.1, Base URL public',
		'https://172.16.0.1/webhook/x/callback',
		'callbackPublicBase',
	),
	callbackCase(
		'100.64.0.1 (CGNAT), Base URL public',
		'https://100.64.0.1/webhook/x/callback',
		'callbackPublicBase',
	),
	callbackCase(
		'[::1], Base URL public',
		'http://[::1]:5678/webhook/x/callback',
		'callbackPublicBase',
	),
	callbackCase(
		'[::ffff:127.0.0.1], Base URL public',
		'http://[::ffff:127.0.0.1]/callback',
		'callbackPublicBase',
	),
	callbackCase(
		'0.0.0.0, Base URL public',
		'http://0.0.0.0:5678/webhook/x/callback',
		'callbackPublicBase',
	),
	callbackCase(
		'a name without domain, Base URL public',
		'http://n8n:5678/webhook/x/callback',
		'callbackPublicBase',
	),
	callbackCase(
		'a .local name, Base URL public',
		'http://n8n.local/webhook/x/callback',
		'callbackPublicBase',
	),
	callbackCase(
		'a .internal name, Base URL public',
		'http://n8n.internal/webhook/x/callback',
		'callbackPublicBase',
	),
	callbackCase('a public https URL', GOOD_CALLBACK_URL, 'callback', 'accepted'),
	callbackCase(
		'localhost with the emulator as Base URL',
		'http://localhost:5678/webhook/x/callback',
		'callback',
		'accepted',
	),
];

/**
 * Callback hosts in blocks of IANA's special-purpose registries (or spelt so that they land there), with Argos'
 * public Base URL: Argos could never call them back, so each is refused before a credit is spent. These went
 * through before the table (package/nodes/ArgosIdLiveness/transport/callbackHosts.ts).
 */
const CALLBACK_HOSTS: BadInputCase[] = [
	// The test suite's sample takes the first, the middle and the last: the three the attacker found.
	['[0:0:0:0:0:0:0:1], loopback written out', 'http://[0:0:0:0:0:0:0:1]:5678/webhook/x/callback'],
	['[::0:0:1], loopback half compressed', 'http://[::0:0:1]:5678/webhook/x/callback'],
	['[::127.0.0.1], IPv4-compatible loopback', 'http://[::127.0.0.1]/webhook/x/callback'],
	['[::ffff:a00:5], IPv4-mapped private', 'http://[::ffff:a00:5]/webhook/x/callback'],
	['[64:ff9b:1::a00:1], local-use NAT64', 'http://[64:ff9b:1::a00:1]/webhook/x/callback'],
	['[2002:c0a8:101::1], 6to4 of 192.168.1.1', 'http://[2002:c0a8:101::1]/webhook/x/callback'],
	['192.0.0.8, IPv4 dummy address', 'https://192.0.0.8/webhook/x/callback'],
	['203.0.113.7, documentation', 'https://203.0.113.7/webhook/x/callback'],
	[
		'[64:ff9b::169.254.169.254], the metadata address through NAT64',
		'http://[64:ff9b::169.254.169.254]/latest/meta-data/',
	],
	['240.0.0.1, reserved', 'https://240.0.0.1/webhook/x/callback'],
	['0x7f.1, loopback in hexadecimal', 'http://0x7f.1/webhook/x/callback'],
	['[2001:db8::1], documentation', 'https://[2001:db8::1]/webhook/x/callback'],
	['[5f00::1], SRv6 SIDs', 'https://[5f00::1]/webhook/x/callback'],
	['[fec0::1], deprecated site-local', 'https://[fec0::1]/webhook/x/callback'],
	['198.19.255.254, benchmarking', 'https://198.19.255.254/webhook/x/callback'],
	['198.18.0.1, benchmarking', 'https://198.18.0.1/webhook/x/callback'],
].map(([title, callbackUrl]) => ({
	group: 'callback host',
	title: `${title}, Base URL public`,
	workflow: 'callbackPublicBase',
	bad: { p: { callbackUrl } },
	expect: 'refused',
	mentions: /Callback URL is not usable: .* is in \S+\/\d+, "|carries the IPv4 address/,
}));

// ---- the Verify family: each resource's images and parameters ---------------------------------------------------

type FamilyGroup = Extract<BadInputGroup, 'face liveness' | 'face compare' | 'ID recognition'>;
const FAMILY_GROUPS: Record<FamilyResource, FamilyGroup> = {
	faceLiveness: 'face liveness',
	faceCompare: 'face compare',
	idRecognition: 'ID recognition',
};

/** A bad file on one side: the first image (selfie, origin, front) or the second (target, back). */
function familyFileCase(
	workflow: FamilyResource,
	title: string,
	side: 'file' | 'second',
	build: FileBuilder,
	mentions: RegExp,
): BadInputCase {
	const name = `${workflow}-${title.replace(/\W+/g, '-')}.bin`;
	return {
		group: FAMILY_GROUPS[workflow],
		title,
		workflow,
		bad: {
			[side]: (folder: CaseFolder) => folder.write(`bad-family/${name}`, build(folder), title).path,
		},
		expect: 'refused',
		mentions,
	};
}

function familyParameterCase(
	workflow: FamilyResource,
	title: string,
	p: IDataObject,
	mentions: RegExp,
	expect: BadInputCase['expect'] = 'refused',
): BadInputCase {
	return { group: FAMILY_GROUPS[workflow], title, workflow, bad: { p }, expect, mentions };
}

/** The message names the side of a two-image resource ("Target image: …") and then what was wrong with it. */
const onSide = (side: 'Origin' | 'Target' | 'Front' | 'Back', problem: RegExp) =>
	new RegExp(`${side} image: .*(?:${problem.source})`, 'i');
const NO_FIELD = /binary field/;
const SIZE = /MB|bytes/;
const animatedGif: FileBuilder = (f) => f.sample('animated.gif').content;

const FACE_LIVENESS_CASES: BadInputCase[] = [
	familyFileCase(
		'faceLiveness',
		'a BMP selfie',
		'file',
		(f) => f.familySample('selfie-unmarked.bmp').content,
		IMAGE,
	),
	familyFileCase('faceLiveness', 'an animated GIF selfie', 'file', animatedGif, IMAGE),
	familyFileCase(
		'faceLiveness',
		'a selfie of 320x200',
		'file',
		(f) => f.sample('too-small.jpg').content,
		/640x480|pixel/i,
	),
	familyFileCase('faceLiveness', 'an empty selfie (0 bytes)', 'file', () => Buffer.alloc(0), IMAGE),
	familyFileCase(
		'faceLiveness',
		'a selfie JPEG cut in half',
		'file',
		(f) => genuineJpeg(f).subarray(0, genuineJpeg(f).length >> 1),
		IMAGE,
	),
	familyParameterCase(
		'faceLiveness',
		'Input Binary Field naming a missing field',
		{ binaryPropertyName: 'selfie' },
		NO_FIELD,
	),
	familyParameterCase(
		'faceLiveness',
		'Min. Face Liveness 101',
		{ minimumFaceLiveness: 101 },
		/Face Liveness/i,
	),
	familyParameterCase(
		'faceLiveness',
		'Min. Face Liveness "x"',
		{ minimumFaceLiveness: 'x' },
		/Face Liveness/i,
	),
];

const FACE_COMPARE_CASES: BadInputCase[] = [
	familyFileCase(
		'faceCompare',
		'origin an animated GIF',
		'file',
		animatedGif,
		onSide('Origin', IMAGE),
	),
	familyFileCase(
		'faceCompare',
		'target an animated GIF',
		'second',
		animatedGif,
		onSide('Target', IMAGE),
	),
	familyFileCase(
		'faceCompare',
		'origin empty (0 bytes)',
		'file',
		() => Buffer.alloc(0),
		onSide('Origin', IMAGE),
	),
	familyFileCase(
		'faceCompare',
		'target a text file',
		'second',
		(f) => f.sample('not-an-image.txt').content,
		onSide('Target', IMAGE),
	),
	familyFileCase(
		'faceCompare',
		'origin a JPEG of 5,000,001 bytes',
		'file',
		(f) => padded(genuineJpeg(f), 5_000_001),
		onSide('Origin', SIZE),
	),
	familyFileCase(
		'faceCompare',
		'target a WebP header',
		'second',
		() => padded(Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'), 64),
		onSide('Target', IMAGE),
	),
	familyParameterCase(
		'faceCompare',
		'origin binary field missing',
		{ originBinaryPropertyName: 'portrait' },
		onSide('Origin', NO_FIELD),
	),
	familyParameterCase(
		'faceCompare',
		'target binary field missing',
		{ targetBinaryPropertyName: 'selfie' },
		onSide('Target', NO_FIELD),
	),
	familyParameterCase(
		'faceCompare',
		'Minimum Similarity 1.5',
		{ minimumSimilarity: 1.5 },
		/Minimum Similarity/i,
	),
	familyParameterCase(
		'faceCompare',
		'Minimum Similarity 93 (a percentage)',
		{ minimumSimilarity: 93 },
		/Minimum Similarity/i,
	),
	familyParameterCase(
		'faceCompare',
		'Minimum Similarity "x"',
		{ minimumSimilarity: 'x' },
		/Minimum Similarity/i,
	),
	familyParameterCase(
		'faceCompare',
		'Minimum Similarity "0.75" (numeric text)',
		{ minimumSimilarity: '0.75' },
		/Minimum Similarity/i,
		'accepted',
	),
];

const ID_RECOGNITION_CASES: BadInputCase[] = [
	familyParameterCase(
		'idRecognition',
		'Issuing Country "US"',
		{ issuingCountry: 'US' },
		/Issuing Country/,
	),
	familyParameterCase(
		'idRecognition',
		'Issuing Country "" (empty)',
		{ issuingCountry: '' },
		/Issuing Country/,
	),
	familyParameterCase(
		'idRecognition',
		'Issuing Country "U.S.A"',
		{ issuingCountry: 'U.S.A' },
		/Issuing Country/,
	),
	familyParameterCase(
		'idRecognition',
		'Issuing Country 840 (a number)',
		{ issuingCountry: 840 },
		/Issuing Country/,
	),
	familyParameterCase(
		'idRecognition',
		'Issuing Country " usa " (sent as USA)',
		{ issuingCountry: ' usa ' },
		/Issuing Country/,
		'accepted',
	),
	familyParameterCase(
		'idRecognition',
		'Document Type "ID card" from an expression',
		{ idType: 'ID card' },
		/Document Type/,
	),
	familyParameterCase(
		'idRecognition',
		'Document Type "" from an expression',
		{ idType: '' },
		/Document Type/,
	),
	familyParameterCase(
		'idRecognition',
		'Document Type "PASSPORT" from an expression',
		{ idType: 'PASSPORT' },
		/Document Type/,
	),
	familyFileCase(
		'idRecognition',
		'front a JPEG of 2,000,001 bytes',
		'file',
		(f) => padded(genuineJpeg(f), 2_000_001),
		onSide('Front', SIZE),
	),
	familyFileCase(
		'idRecognition',
		'front an animated GIF',
		'file',
		animatedGif,
		onSide('Front', IMAGE),
	),
	familyFileCase(
		'idRecognition',
		'back an animated GIF',
		'second',
		animatedGif,
		onSide('Back', IMAGE),
	),
	familyFileCase(
		'idRecognition',
		'back a PNG cut in half',
		'second',
		(f) => genuinePng(f).subarray(0, genuinePng(f).length >> 1),
		onSide('Back', IMAGE),
	),
	familyParameterCase(
		'idRecognition',
		'back binary field missing',
		{ backBinaryPropertyName: 'idBack' },
		onSide('Back', NO_FIELD),
	),
	familyParameterCase(
		'idRecognition',
		'front binary field missing',
		{ binaryPropertyName: 'front' },
		onSide('Front', NO_FIELD),
	),
	familyParameterCase('idRecognition', 'Minimum Age -1', { minimumAge: -1 }, /Minimum Age/),
	familyParameterCase('idRecognition', 'Minimum Age "x"', { minimumAge: 'x' }, /Minimum Age/),
	familyParameterCase('idRecognition', 'Minimum Age 151', { minimumAge: 151 }, /Minimum Age/),
];

export const BAD_INPUT_CASES: BadInputCase[] = [
	...BAD_FILES.map(([title, build, heavy], index): BadInputCase => ({
		group: 'file',
		title,
		workflow: 'binary',
		bad: { file: (folder) => folder.write(`bad-files/${index}.bin`, build(folder), title).path },
		expect: 'refused',
		mentions: IMAGE,
		heavy,
	})),
	...BAD_BASE64.map(([title, value, heavy]): BadInputCase => ({
		group: 'base64',
		title,
		workflow: 'base64',
		bad: { image: value },
		expect: 'refused',
		// A value that is no text at all is not "empty": the message says what was found.
		mentions: NOT_TEXT.test(title) ? FOUND_INSTEAD : BASE64,
		heavy,
	})),
	...PARAMETERS,
	...CALLBACK_URLS,
	...CALLBACK_HOSTS,
	...FACE_LIVENESS_CASES,
	...FACE_COMPARE_CASES,
	...ID_RECOGNITION_CASES,
];

// ---- judging one case ------------------------------------------------------------------------------------------

/** What a crash looks like: a JavaScript error's wording or a stack frame instead of a sentence for people. */
const CRASH_WORDING =
	/Cannot read propert|is not a function|is not defined|is not iterable|TypeError|RangeError|ReferenceError|\bat \S+ \(.*:\d+:\d+\)|\bundefined\b/;
/** The node's words when it tried to reach Argos (the Base URL that cannot be reached here). */
const SENT_WORDING = /Could not reach Argos|did not answer in time/;

export function judgeBadInput(
	testCase: Pick<BadInputCase, 'expect' | 'mentions'>,
	status: string,
	message: string | undefined,
	badIndex: number,
	/** The item index the error carries (n8n shows it under the message), when it carries one. */
	errorItemIndex?: number,
): BadInputOutcome {
	const finished = status === 'success' || status === 'waiting';
	if (testCase.expect === 'accepted') return finished ? 'accepted' : 'wrongly refused';
	if (finished) return 'not refused';
	if (message === undefined || CRASH_WORDING.test(message)) return 'crashed';
	const namesItem = message.includes(`[item ${badIndex}]`) || errorItemIndex === badIndex;
	if (!namesItem) return SENT_WORDING.test(message) ? 'not refused' : 'crashed';
	if (SENT_WORDING.test(message)) return 'not refused';
	return testCase.mentions.test(message) ? 'clear error' : 'unclear error';
}

/** The item index in the error's context: n8n's way of naming the item (shown as "Item Index" under the message). */
function errorItemIndex(execution: ExecutionDetail): number | undefined {
	const { error, runData } = execution.data.resultData;
	const nodeError = runData[CASE_NODE.argos]?.[0]?.error ?? error;
	const index = (nodeError?.context as { itemIndex?: unknown } | undefined)?.itemIndex;
	return typeof index === 'number' ? index : undefined;
}

// ---- running the matrix ----------------------------------------------------------------------------------------

interface Variant {
	workflow: BadInputWorkflow;
	resource?: FamilyResource;
	path: string;
	credential: CredentialRef;
	good: (folder: CaseFolder) => CaseItem;
	/** Items per run; the bad one is item 1 of 3, or the only one. */
	single: boolean;
}

function variants(stack: ReliabilityStack): Variant[] {
	const neighbour = stack.files.uniqueJpeg(
		'bad-inputs/good.jpg',
		'genuine.jpg',
		'bad-input neighbour',
	);
	const goodFile = (): CaseItem => ({ file: neighbour.path });
	const familyVariant = (resource: FamilyResource, path: string): Variant => ({
		workflow: resource,
		resource,
		path,
		credential: stack.credentials.emulator,
		// Face Compare's target and ID Recognition's back: the same good photo (the Read Second node reads it).
		good: () => ({ file: neighbour.path, second: neighbour.path }),
		single: false,
	});
	return [
		familyVariant('faceLiveness', 'rel-bad-face-liveness'),
		familyVariant('faceCompare', 'rel-bad-face-compare'),
		familyVariant('idRecognition', 'rel-bad-id-recognition'),
		{
			workflow: 'binary',
			path: 'rel-bad-binary',
			credential: stack.credentials.emulator,
			good: goodFile,
			single: false,
		},
		{
			workflow: 'base64',
			path: 'rel-bad-base64',
			credential: stack.credentials.emulator,
			good: () => ({ image: b64(base64OnlyJpeg()) }),
			single: false,
		},
		{
			workflow: 'callback',
			path: 'rel-bad-callback',
			credential: stack.credentials.emulator,
			good: () => ({ ...goodFile(), p: { callbackUrl: GOOD_CALLBACK_URL } }),
			single: false,
		},
		{
			workflow: 'callbackPublicBase',
			path: 'rel-bad-callback-public',
			credential: stack.credentials.publicBaseUrl,
			// Nothing can reach the public Base URL from here: no retries, so a wrongly sent item fails fast.
			good: () => ({ ...goodFile(), p: { callbackUrl: GOOD_CALLBACK_URL, maxRetries: 0 } }),
			single: false,
		},
		{
			workflow: 'submitAndWait',
			path: 'rel-bad-submit-wait',
			credential: stack.credentials.emulator,
			good: goodFile,
			single: true,
		},
	];
}

const MODES: Record<BadInputWorkflow, 'waitForResult' | 'sendToCallbackUrl' | 'submitAndWait'> = {
	binary: 'waitForResult',
	base64: 'waitForResult',
	callback: 'sendToCallbackUrl',
	callbackPublicBase: 'sendToCallbackUrl',
	submitAndWait: 'submitAndWait',
	faceLiveness: 'waitForResult',
	faceCompare: 'waitForResult',
	idRecognition: 'waitForResult',
};

/** Runs the cases one after another (the emulator's request count belongs to one case at a time). */
export async function runBadInputs(
	stack: ReliabilityStack,
	cases: readonly BadInputCase[],
	onRow: (row: BadInputRow) => void = () => {},
): Promise<BadInputRow[]> {
	const workflowIds = new Map<BadInputWorkflow, { id: string; variant: Variant }>();
	for (const variant of variants(stack)) {
		if (!cases.some((testCase) => testCase.workflow === variant.workflow)) continue;
		const id = await stack.publish(
			caseWorkflow({
				name: `Reliability: bad inputs (${variant.workflow})`,
				path: variant.path,
				mode: MODES[variant.workflow],
				imageSource: variant.workflow === 'base64' ? 'base64' : 'binary',
				credential: variant.credential,
				resource: variant.resource,
			}),
		);
		workflowIds.set(variant.workflow, { id, variant });
	}

	const rows: BadInputRow[] = [];
	for (const testCase of cases) {
		const { id, variant } = workflowIds.get(testCase.workflow)!;
		const good = variant.good(stack.files);
		const bad: CaseItem = {
			...good,
			...(testCase.bad.file && { file: testCase.bad.file(stack.files) }),
			...(testCase.bad.second && { second: testCase.bad.second(stack.files) }),
			...(testCase.bad.image && { image: testCase.bad.image(stack.files) }),
			p: { ...good.p, ...testCase.bad.p },
		};
		const first = testCase.everyItem ? { ...good, p: bad.p } : good;
		const items = variant.single ? [bad] : [first, bad, first];
		stack.argos.emulator.reset();
		let execution: ExecutionDetail | undefined;
		let failure: string | undefined;
		try {
			execution = await stack.runCase(id, variant.path, items);
		} catch (error) {
			failure = (error as Error).message;
		}
		const message = execution ? executionErrorMessage(execution.data) : failure;
		const status = execution?.status ?? 'no execution';
		const row: BadInputRow = {
			group: testCase.group,
			title: testCase.title,
			expect: testCase.expect,
			outcome: judgeBadInput(
				testCase,
				status,
				message,
				variant.single || testCase.everyItem ? 0 : 1,
				execution && errorItemIndex(execution),
			),
			message: message ?? `(${status}, no error)`,
			requests:
				variant.workflow === 'callbackPublicBase' ? null : stack.argos.emulator.requests.length,
		};
		stack.argos.emulator.reset();
		rows.push(row);
		onRow(row);
	}
	return rows;
}
