/** One PNG chunk: length, type, data, and a CRC the node does not read (left zero). */
function chunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	return Buffer.concat([length, Buffer.from(type, 'ascii'), data, Buffer.alloc(4)]);
}

/** A PNG with the chunks a decoder needs (IHDR, IDAT, IEND): 57 bytes plus `imageDataBytes` in its IDAT. */
export function pngBytes(width: number, height: number, imageDataBytes = 3): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', Buffer.alloc(imageDataBytes, 1)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}
