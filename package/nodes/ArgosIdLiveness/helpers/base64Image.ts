import type { InputProblem } from '../../resultsAndCallbacks/inputProblem';

export type DecodedImage = { ok: true; bytes: Buffer } | { ok: false; problem: InputProblem };

const DATA_URL = /^data:([^;,]*)(;[^,]*)?,/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64_URL_SAFE = /^[A-Za-z0-9\-_]*={0,2}$/;

/**
 * Decodes an image given as a base64 string or a `data:` URL (what form and chat tools often hand over).
 * Argos wants bare base64, so the prefix is dropped here and the bytes are checked like a binary file.
 */
/** What the field held instead of text, in words that do not repeat its content (which may be personal data). */
function foundInstead(value: unknown): string | undefined {
	if (typeof value === 'number' || typeof value === 'boolean')
		return `the ${typeof value} ${value}`;
	if (Array.isArray(value)) return `a list of ${value.length} values`;
	if (typeof value === 'object' && value !== null) {
		const keys = Object.keys(value);
		return keys.length
			? `an object with the fields ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}`
			: 'an empty object';
	}
	return undefined;
}

export function decodeBase64Image(value: unknown): DecodedImage {
	const found = foundInstead(value);
	if (found !== undefined) {
		return {
			ok: false,
			problem: {
				message: `The image field holds ${found}, not an image as base64 text`,
				description:
					'Set "Base64 Image" to an expression that gives the image as a base64 string or a data: URL (check the field name in the input item). If the item carries the photo as a file, choose "Binary File" as the image source.',
			},
		};
	}
	if (typeof value !== 'string' || value.trim() === '') {
		return {
			ok: false,
			problem: {
				message: 'The image field is empty',
				description:
					'Set "Base64 Image" to an expression that gives the image as a base64 string or a data: URL, or choose "Binary File" as the image source.',
			},
		};
	}
	let payload = value.trim();
	const dataUrl = DATA_URL.exec(payload);
	if (dataUrl) {
		if (!(dataUrl[2] ?? '').toLowerCase().includes(';base64')) {
			return {
				ok: false,
				problem: {
					message: 'The data: URL is not base64-encoded',
					description:
						'Use a data: URL of the form data:image/jpeg;base64,... or a plain base64 string.',
				},
			};
		}
		payload = payload.slice(dataUrl[0].length);
	}
	payload = payload.replace(/\s+/g, '');
	if (payload.length % 4 === 1 || !(BASE64.test(payload) || BASE64_URL_SAFE.test(payload))) {
		return {
			ok: false,
			problem: {
				message: 'The image field is not valid base64',
				description:
					'Pass the image as base64 (or a data: URL). If the image is a file, choose "Binary File" as the image source instead.',
			},
		};
	}
	return { ok: true, bytes: Buffer.from(payload, BASE64.test(payload) ? 'base64' : 'base64url') };
}
