import { decodeIdImage, type DecodedIdImage } from './imageBytes';

export interface DocumentBody {
	/** Absent when the body is not a JSON object. */
	json?: Record<string, unknown>;
	/** Absent when idImage is missing, empty or not a string. */
	image?: DecodedIdImage;
}

/** Parsed once and shared by validation and recording, as decoding a large image twice would be wasteful. */
export function parseDocumentBody(raw: Buffer): DocumentBody {
	const json = parseJsonObject(raw.toString('utf8'));
	const idImage = json?.idImage;
	return {
		json,
		image: typeof idImage === 'string' && idImage !== '' ? decodeIdImage(idImage) : undefined,
	};
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}
