import { decodeBase64Image } from '../../package/nodes/ArgosIdLiveness/helpers/base64Image';

const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0xfb, 0xff]);

describe('decodeBase64Image', () => {
	it('decodes plain base64, with line breaks as mail and forms produce', () => {
		const encoded = bytes.toString('base64');
		expect(decodeBase64Image(encoded)).toEqual({ ok: true, bytes });
		expect(decodeBase64Image(`${encoded.slice(0, 4)}\n${encoded.slice(4)}`)).toEqual({
			ok: true,
			bytes,
		});
	});

	it('drops a data: URL prefix', () => {
		expect(decodeBase64Image(`data:image/jpeg;base64,${bytes.toString('base64')}`)).toEqual({
			ok: true,
			bytes,
		});
	});

	it('decodes URL-safe base64', () => {
		expect(decodeBase64Image(bytes.toString('base64url'))).toEqual({ ok: true, bytes });
	});

	it.each([
		[undefined, 'The image field is empty'],
		['', 'The image field is empty'],
		[null, 'The image field is empty'],
		[42, 'The image field holds the number 42, not an image as base64 text'],
		[false, 'The image field holds the boolean false, not an image as base64 text'],
		[[1, 2], 'The image field holds a list of 2 values, not an image as base64 text'],
		[
			{ data: 'x', mimeType: 'image/jpeg' },
			'The image field holds an object with the fields data, mimeType, not an image as base64 text',
		],
		[{}, 'The image field holds an empty object, not an image as base64 text'],
		['not base64!', 'The image field is not valid base64'],
		['data:image/png,rawbytes', 'The data: URL is not base64-encoded'],
	])('refuses %p', (value, message) => {
		expect(decodeBase64Image(value)).toMatchObject({ ok: false, problem: { message } });
	});
});
