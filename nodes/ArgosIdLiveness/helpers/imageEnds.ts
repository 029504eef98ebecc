/**
 * What the pre-flight reads of an image: its size, its first bytes (format and pixel size) and its last bytes
 * (where a JPEG or PNG must end properly), so a batch is checked without reading every file whole.
 */
export interface ImageEnds {
	byteLength: number;
	/** The first `headBytes` bytes, or the whole image when it is shorter. */
	head: Buffer;
	/** The last `tailBytes` bytes, or the whole image when it is shorter. */
	tail: Buffer;
}

/** Enough for the JPEG headers before the frame size (EXIF with its thumbnail, ICC profile) of phone photos. */
export const HEAD_BYTES = 256 * 1024;
/** Streams are read in chunks this small, so a head that is complete early costs little to read and to collect. */
export const CHUNK_BYTES = 16 * 1024;

/** The size of what strict base64 (n8n's in-memory binary data) decodes to, without decoding it. */
export function base64ByteLength(base64: string): number {
	const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
	return Math.floor((base64.length * 3) / 4) - padding;
}

/** Decodes only the two ends of strict base64: 4 characters hold 3 bytes, so the slices stay aligned. */
export function endsOfBase64(base64: string, headBytes: number, tailBytes: number): ImageEnds {
	const byteLength = base64ByteLength(base64);
	const head = Buffer.from(base64.slice(0, Math.ceil(headBytes / 3) * 4), 'base64').subarray(
		0,
		headBytes,
	);
	const tailStart = Math.max(0, Math.floor((byteLength - tailBytes) / 3) * 4);
	const tailSource = Buffer.from(base64.slice(tailStart), 'base64');
	return {
		byteLength,
		head,
		tail: tailSource.subarray(Math.max(0, tailSource.length - tailBytes)),
	};
}

/**
 * Reads the ends from a stream of the file. Without a tail only the first chunks are read, until the head has
 * `headBytes` or `headIsEnough` says so, and the stream is closed; with a tail the whole file streams through, but
 * only its last bytes are kept.
 */
export async function endsOfStream(
	stream: AsyncIterable<Buffer> & { destroy(): void },
	byteLength: number,
	headBytes: number,
	tailBytes: number,
	headIsEnough: (head: Buffer) => boolean = () => false,
): Promise<ImageEnds> {
	const headChunks: Buffer[] = [];
	let headLength = 0;
	let tail = Buffer.alloc(0);
	try {
		for await (const chunk of stream) {
			if (headLength < headBytes) {
				headChunks.push(chunk.subarray(0, headBytes - headLength));
				headLength += Math.min(chunk.length, headBytes - headLength);
			}
			if (tailBytes > 0) {
				tail = Buffer.concat([tail, chunk.subarray(Math.max(0, chunk.length - tailBytes))]);
				if (tail.length > tailBytes) tail = tail.subarray(tail.length - tailBytes);
			} else if (headLength >= headBytes || headIsEnough(Buffer.concat(headChunks))) break;
		}
	} finally {
		stream.destroy();
	}
	return { byteLength, head: Buffer.concat(headChunks), tail };
}
