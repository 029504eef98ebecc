import { sha256 } from './documentRequest';
import { isErrorCode, type ErrorCode } from './vendorContract';
import type { ImageFormat, LivenessScores } from './types';

/** Keyword of the PNG tEXt chunk that carries the marker; JPEGs carry it as a COM segment. */
export const PNG_MARKER_KEYWORD = 'argos-emulator';

/** Chosen by whoever drew the image: these scores, or this analysis error, instead of hash-derived scores. */
export interface ImageMarker {
	scores: Partial<LivenessScores>;
	errorCode?: ErrorCode;
}

const SCORE_KEYS: ReadonlyArray<keyof LivenessScores> = [
	'screenReplay',
	'paperPrinted',
	'replacePortraits',
];
const JPEG_COM = 0xfe;
const JPEG_START_OF_SCAN = 0xda;
const JPEG_END_OF_IMAGE = 0xd9;

/** e.g. 'screenReplay=12;paperPrinted=95;replacePortraits=88' or 'errorCode=1009'. */
export function formatMarker(marker: ImageMarker): string {
	const entries: string[] = Object.entries(marker.scores).map(([key, score]) => `${key}=${score}`);
	if (marker.errorCode !== undefined) entries.push(`errorCode=${marker.errorCode}`);
	return entries.join(';');
}

/** Unknown keys and out-of-range values are ignored, so an ordinary JPEG comment is no marker. */
function parseMarker(text: string): ImageMarker | undefined {
	const marker: ImageMarker = { scores: {} };
	let recognized = false;
	for (const entry of text.split(';')) {
		const [key, value] = entry.split('=').map((part) => part.trim());
		if (key === 'errorCode' && value !== undefined && isErrorCode(value)) {
			marker.errorCode = value;
			recognized = true;
		}
		const score = Number(value);
		if (
			SCORE_KEYS.includes(key as keyof LivenessScores) &&
			value !== '' &&
			score >= 0 &&
			score <= 100
		) {
			marker.scores[key as keyof LivenessScores] = score;
			recognized = true;
		}
	}
	return recognized ? marker : undefined;
}

export function readMarker(bytes: Buffer, format: ImageFormat): ImageMarker | undefined {
	for (const text of markerTexts(bytes, format)) {
		const marker = parseMarker(text);
		if (marker) return marker;
	}
	return undefined;
}

/** Every text that may hold a marker: the PNG's tEXt chunks under our keyword, or the JPEG's comments. */
export function markerTexts(bytes: Buffer, format: ImageFormat): string[] {
	return format === 'png' ? pngMarkerTexts(bytes) : jpegComments(bytes);
}

function pngMarkerTexts(bytes: Buffer): string[] {
	const texts: string[] = [];
	for (let offset = 8; offset + 8 <= bytes.length;) {
		const length = bytes.readUInt32BE(offset);
		const type = bytes.toString('latin1', offset + 4, offset + 8);
		const data = bytes.subarray(offset + 8, offset + 8 + length);
		if (type === 'IEND') break;
		if (type === 'tEXt') {
			const separator = data.indexOf(0);
			if (separator > 0 && data.toString('latin1', 0, separator) === PNG_MARKER_KEYWORD) {
				texts.push(data.toString('latin1', separator + 1));
			}
		}
		offset += 12 + length;
	}
	return texts;
}

/** Comments only appear before the compressed scan, so the walk stops there. */
function jpegComments(bytes: Buffer): string[] {
	const comments: string[] = [];
	for (let offset = 2; offset + 4 <= bytes.length && bytes[offset] === 0xff;) {
		const marker = bytes[offset + 1];
		if (marker === JPEG_START_OF_SCAN || marker === JPEG_END_OF_IMAGE) break;
		const length = bytes.readUInt16BE(offset + 2);
		if (marker === JPEG_COM)
			comments.push(bytes.toString('latin1', offset + 4, offset + 2 + length));
		offset += 2 + length;
	}
	return comments;
}

export type Analysis = { scores: LivenessScores } | { errorCode: ErrorCode };

/** Deterministic: the image's marker decides, and whatever it leaves open comes from the image's hash. */
export function analyzeImage(bytes: Buffer, format: ImageFormat): Analysis {
	const marker = readMarker(bytes, format);
	if (marker?.errorCode !== undefined) return { errorCode: marker.errorCode };
	return { scores: { ...hashScores(bytes), ...marker?.scores } };
}

/** Each score is a pair of SHA-256 bytes folded into 0–100, so the same image always scores the same. */
export function hashScores(bytes: Buffer): LivenessScores {
	const digest = sha256(bytes);
	return {
		screenReplay: digest.readUInt16BE(0) % 101,
		paperPrinted: digest.readUInt16BE(2) % 101,
		replacePortraits: digest.readUInt16BE(4) % 101,
	};
}
