import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

import {
	base64ByteLength,
	endsOfBase64,
	endsOfStream,
} from '../../nodes/ArgosIdLiveness/helpers/imageEnds';

/** A stream of `bytes` in chunks of `chunk`, recording how many chunks were taken. */
function chunked(bytes: Buffer, chunk: number) {
	const chunks: Buffer[] = [];
	for (let at = 0; at < bytes.length; at += chunk) chunks.push(bytes.subarray(at, at + chunk));
	const seen = { read: 0 };
	const stream = Readable.from(
		(function* () {
			for (const piece of chunks) {
				seen.read++;
				yield piece;
			}
		})(),
	);
	return { stream, seen };
}

describe('endsOfBase64', () => {
	it('decodes only the ends, exactly as slicing the whole image would give them', () => {
		for (let length = 0; length <= 40; length++) {
			const bytes = randomBytes(length);
			const base64 = bytes.toString('base64');
			expect(base64ByteLength(base64)).toBe(length);
			for (const [head, tail] of [
				[0, 0],
				[1, 1],
				[5, 7],
				[16, 3],
				[64, 64],
			])
				expect(endsOfBase64(base64, head, tail)).toEqual({
					byteLength: length,
					head: bytes.subarray(0, head),
					tail: bytes.subarray(Math.max(0, length - tail)),
				});
		}
	});
});

describe('endsOfStream', () => {
	const bytes = randomBytes(100_000);

	it('reads only as far as the head needs, then closes the stream', async () => {
		const { stream, seen } = chunked(bytes, 16_384);
		const ends = await endsOfStream(stream, bytes.length, 20_000, 0);
		expect(ends).toEqual({
			byteLength: bytes.length,
			head: bytes.subarray(0, 20_000),
			tail: Buffer.alloc(0),
		});
		expect(seen.read).toBe(2);
		expect(stream.destroyed).toBe(true);
	});

	it('stops at the first chunk when the head is already enough', async () => {
		const { stream, seen } = chunked(bytes, 16_384);
		const ends = await endsOfStream(stream, bytes.length, 200_000, 0, (head) => head.length > 0);
		expect(ends.head).toEqual(bytes.subarray(0, 16_384));
		expect(seen.read).toBe(1);
	});

	it('streams the whole file for a tail, keeping only its last bytes', async () => {
		const { stream, seen } = chunked(bytes, 1000);
		const ends = await endsOfStream(stream, bytes.length, 10, 1500);
		expect(ends).toEqual({
			byteLength: bytes.length,
			head: bytes.subarray(0, 10),
			tail: bytes.subarray(bytes.length - 1500),
		});
		expect(seen.read).toBe(100);
	});

	it('gives the whole file as head and tail when it is shorter than both', async () => {
		const short = bytes.subarray(0, 50);
		const { stream } = chunked(short, 16);
		expect(await endsOfStream(stream, short.length, 100, 100)).toEqual({
			byteLength: 50,
			head: short,
			tail: short,
		});
	});
});
