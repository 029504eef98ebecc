import {
	buildDocumentRequestBody,
	serializeDocumentRequest,
	validateCallbackUrl,
} from '../../nodes/ArgosIdLiveness/transport/documentRequest';

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
	it('accepts absolute http(s) URLs and keeps their query', () => {
		expect(validateCallbackUrl(' https://n8n.example.com/webhook/x?ref=1 ')).toEqual({
			ok: true,
			url: 'https://n8n.example.com/webhook/x?ref=1',
		});
		expect(validateCallbackUrl('http://127.0.0.1:5678/webhook/x')).toMatchObject({ ok: true });
	});
	it.each([
		['', 'the Callback URL is empty'],
		['/webhook/x', '"/webhook/x" is not an absolute URL'],
		['ftp://example.com/x', 'the Callback URL must start with https:// or http://, not ftp://'],
	])('refuses %p', (value, reason) => {
		expect(validateCallbackUrl(value)).toEqual({ ok: false, problem: reason });
	});
});
