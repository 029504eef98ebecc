/**
 * Reading POST /document's body: parsed and the image decoded once (shared by validation and
 * recording, as decoding a large image twice would be wasteful), then validated as the vendor does.
 */

import { createHash } from 'crypto';
import type { ErrorCode, PipelineFlags } from './vendorContract';
import type { ImageFormat } from './types';

export interface DocumentBody {
	/** Absent when the body is not a JSON object. */
	json?: Record<string, unknown>;
	/** Absent when idImage is missing, empty or not a string. */
	image?: DecodedIdImage;
}

export function parseDocumentBody(raw: Buffer): DocumentBody {
	const json = parseJsonObject(raw.toString('utf8'));
	const idImage = json?.idImage;
	return {
		json,
		image: typeof idImage === 'string' && idImage !== '' ? decodeIdImage(idImage) : undefined,
	};
}

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}

const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// Strict: Buffer.from(text, 'base64') would silently skip anything that is not base64.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export type DecodedIdImage =
	{ bytes: Buffer; format: ImageFormat | 'unknown' } | { problem: string };

export function decodeIdImage(text: string): DecodedIdImage {
	if (text.startsWith('data:')) return { problem: 'has a data: URL prefix' };
	if (text.length % 4 !== 0 || !BASE64.test(text)) return { problem: 'not base64' };
	const bytes = Buffer.from(text, 'base64');
	return { bytes, format: sniffImageFormat(bytes) };
}

function sniffImageFormat(bytes: Buffer): ImageFormat | 'unknown' {
	if (startsWith(bytes, JPEG_SIGNATURE)) return 'jpeg';
	if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
	return 'unknown';
}

export function sha256(bytes: Buffer): Buffer {
	return createHash('sha256').update(bytes).digest();
}

function startsWith(bytes: Buffer, signature: Buffer): boolean {
	return bytes.length >= signature.length && bytes.subarray(0, signature.length).equals(signature);
}

export interface DocumentRequest {
	image: { bytes: Buffer; format: ImageFormat };
	pipelines: PipelineFlags;
	/** Present means asynchronous. */
	callbackUrl?: string;
}

/** Validates in the order the vendor's error codes suggest: body, idImage, pipelines, image content, callbackUrl. */
export function validateDocumentRequest({
	json,
	image,
}: DocumentBody): { request: DocumentRequest } | { errorCode: ErrorCode } {
	if (json === undefined) return { errorCode: '1003' };
	if (json.idImage === undefined || json.idImage === null || json.idImage === '')
		return { errorCode: '1005' };
	if (json.pipelines === undefined || json.pipelines === null) return { errorCode: '1007' };
	const pipelines = json.pipelines;
	if (!isPipelines(pipelines) || !(pipelines.sr || pipelines.pc || pipelines.ps))
		return { errorCode: '1008' };
	if (image === undefined || 'problem' in image || image.format === 'unknown')
		return { errorCode: '1003' };
	const callbackUrl = json.callbackUrl;
	if (callbackUrl !== undefined && !isAbsoluteHttpUrl(callbackUrl)) return { errorCode: '1010' };
	return {
		request: { image: { bytes: image.bytes, format: image.format }, pipelines, callbackUrl },
	};
}

function isPipelines(value: unknown): value is PipelineFlags {
	if (typeof value !== 'object' || value === null) return false;
	const { sr, pc, ps } = value as Record<string, unknown>;
	return typeof sr === 'boolean' && typeof pc === 'boolean' && typeof ps === 'boolean';
}

export function isAbsoluteHttpUrl(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	try {
		const { protocol } = new URL(value);
		return protocol === 'http:' || protocol === 'https:';
	} catch {
		return false;
	}
}
