import {
	buildDocumentRequestBody,
	isPublicBaseUrl,
	serializeDocumentRequest,
	validateCallbackUrl,
} from '../../package/nodes/ArgosIdLiveness/transport/documentRequest';

describe('buildDocumentRequestBody', () => {
	const image = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);

	it('sends bare base64 and all three pipeline flags', () => {
		expect(
			buildDocumentRequestBody({ image, checks: ['paperPrinted'], useUpcomingVersion: false }),
		).toEqual({
			idImage: '/9j/4A==',
			pipelines: { sr: false, pc: true, ps: false },
		});
	});

	it('adds the upcoming engine and the callback URL only when asked', () => {
		expect(
			buildDocumentRequestBody({
				image,
				checks: ['screenReplay', 'replacePortraits'],
				useUpcomingVersion: true,
				callbackUrl: 'https://x.test/cb',
			}),
		).toEqual({
			idImage: '/9j/4A==',
			pipelines: { sr: true, pc: false, ps: true },
			useUpcomingVersion: true,
			callbackUrl: 'https://x.test/cb',
		});
	});
});

describe('serializeDocumentRequest', () => {
	it('gives the JSON of the body as bytes, whatever the fields', () => {
		const body = buildDocumentRequestBody({
			image: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
			checks: ['screenReplay'],
			useUpcomingVersion: true,
			callbackUrl: 'https://x.test/cb?ref=Ünïcode "quoted"',
		});
		expect(JSON.parse(serializeDocumentRequest(body).toString('utf8'))).toEqual(body);
		const plain = buildDocumentRequestBody({
			image: Buffer.alloc(0),
			checks: [],
			useUpcomingVersion: false,
		});
		expect(JSON.parse(serializeDocumentRequest(plain).toString('utf8'))).toEqual(plain);
	});
});

describe('validateCallbackUrl', () => {
	const EMULATOR = 'http://127.0.0.1:4010/modules';

	it('accepts absolute http(s) URLs and keeps their query', () => {
		expect(validateCallbackUrl(' https://n8n.example.com/webhook/x?ref=1 ')).toEqual({
			ok: true,
			url: 'https://n8n.example.com/webhook/x?ref=1',
		});
		expect(validateCallbackUrl('https://93.184.215.14/webhook/x')).toMatchObject({ ok: true });
		expect(validateCallbackUrl('https://[2606:4700:4700::1111]/webhook/x')).toMatchObject({
			ok: true,
		});
	});
	it.each([
		['', 'the Callback URL is empty'],
		['/webhook/x', '"/webhook/x" is not an absolute URL'],
		['ftp://example.com/x', 'the Callback URL must start with https:// or http://, not ftp://'],
	])('refuses %p', (value, reason) => {
		expect(validateCallbackUrl(value)).toEqual({ ok: false, problem: reason });
	});

	// Whatever Argos' address: these would leak credentials or reach another path.
	it.each([
		['https://user:pass@n8n.example.com/webhook/x', /^it holds a user name or password/],
		['https://user@n8n.example.com/webhook/x', /^it holds a user name or password/],
		['https://n8n.example.com/webhook/my callback', /^it contains whitespace at character 35/],
		['https://n8n.example.com/web\thook', /^it contains whitespace at character 28/],
		['https://n8n.example.com/web\nhook', /^it contains whitespace/],
	])('always refuses %j', (url, reason) => {
		for (const base of [undefined, EMULATOR]) {
			expect(validateCallbackUrl(url, base)).toEqual({
				ok: false,
				problem: expect.stringMatching(reason),
			});
		}
	});

	// With Argos on the internet (the credential's default Base URL), hosts it can never reach (every rule:
	// callbackHosts.test.ts).
	it.each([
		['http://localhost:5678/webhook/x', /^"localhost" names the machine that calls it/],
		['http://127.0.0.1:5678/webhook/x', /^127\.0\.0\.1 is in 127\.0\.0\.0\/8, "Loopback"/],
		[
			'http://0.0.0.0:5678/webhook/x',
			/^0\.0\.0\.0 is in 0\.0\.0\.0\/32, "This host on this network"/,
		],
		['http://192.168.1.10/webhook/x', /^192\.168\.1\.10 is in 192\.168\.0\.0\/16, "Private-Use"/],
		['http://[fd12:3456::1]/webhook/x', /^\[fd12:3456::1\] is in fc00::\/7, "Unique-Local"/],
		['http://n8n:5678/webhook/x', /^"n8n" has no domain/],
	])('refuses %s when Argos is on the internet', (url, reason) => {
		for (const base of [undefined, 'https://idverify-api.argosidentity.com/modules']) {
			expect(validateCallbackUrl(url, base)).toEqual({
				ok: false,
				problem: expect.stringMatching(reason),
			});
		}
		// Against a local emulator, the local hosts are where the callbacks go.
		expect(validateCallbackUrl(url, EMULATOR)).toMatchObject({ ok: true });
	});

	it.each([
		['http://172.15.0.1/x'],
		['http://172.32.0.1/x'],
		['http://100.63.0.1/x'],
		['http://100.128.0.1/x'],
		['http://11.0.0.1/x'],
		['https://localhost-tunnel.example.com/x'],
	])('accepts the public neighbour %s', (url) => {
		expect(validateCallbackUrl(url)).toMatchObject({ ok: true });
	});

	it.each([
		['https://idverify-api.argosidentity.com/modules', true],
		[undefined, true],
		['', true],
		['http://127.0.0.1:4010/modules', false],
		['http://argos-emulator:4010/modules', false],
		['http://10.0.0.2/modules', false],
	])('isPublicBaseUrl(%j) is %s', (base, expected) => {
		expect(isPublicBaseUrl(base)).toBe(expected);
	});
});
