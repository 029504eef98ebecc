import { sha256 } from './imageBytes';
import { readMarker } from './imageMarker';
import type { ErrorCode } from './vendorContract';
import type { ImageFormat, LivenessScores } from './types';

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
