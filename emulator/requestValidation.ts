import type { DocumentBody } from './documentBody';
import type { ErrorCode, Pipelines } from './vendorContract';
import type { ImageFormat } from './types';

export interface DocumentRequest {
	image: { bytes: Buffer; format: ImageFormat };
	pipelines: Pipelines;
	/** Present means asynchronous. */
	callbackUrl?: string;
}

/** Checks in the order the vendor's error codes suggest: body, idImage, pipelines, image content, callbackUrl. */
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

function isPipelines(value: unknown): value is Pipelines {
	if (typeof value !== 'object' || value === null) return false;
	const { sr, pc, ps } = value as Record<string, unknown>;
	return typeof sr === 'boolean' && typeof pc === 'boolean' && typeof ps === 'boolean';
}

function isAbsoluteHttpUrl(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	try {
		const { protocol } = new URL(value);
		return protocol === 'http:' || protocol === 'https:';
	} catch {
		return false;
	}
}
