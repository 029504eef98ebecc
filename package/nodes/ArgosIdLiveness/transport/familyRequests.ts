import { RESOURCE, type Resource } from '../description/parameters';
import type { ArgosApi } from '../../resultsAndCallbacks/argosErrors';
import { imageBase64, serializeImageRequest } from './documentRequest';

/** The API each resource posts to. */
export const API_OF: Record<Resource, ArgosApi> = {
	[RESOURCE.idLiveness]: 'document',
	[RESOURCE.faceLiveness]: 'liveness',
	[RESOURCE.faceCompare]: 'compare',
	[RESOURCE.idRecognition]: 'recognition',
};

/** `POST /liveness`: `{ faceImage }`, bare base64; the API takes nothing else (no callbackUrl: it is synchronous). */
export function faceLivenessRequest(selfie: Uint8Array): Buffer {
	return serializeImageRequest({ faceImage: imageBase64(selfie) });
}

/**
 * `POST /compare`: `{ originFace, targetFace }`, bare base64 (the reference face first, e.g. the ID portrait), and
 * with a `callbackUrl` Argos answers 201 and POSTs the result there.
 */
export function faceCompareRequest(
	originFace: Uint8Array,
	targetFace: Uint8Array,
	callbackUrl?: string,
): Buffer {
	return serializeImageRequest(
		{ originFace: imageBase64(originFace), targetFace: imageBase64(targetFace) },
		callbackUrl === undefined ? {} : { callbackUrl },
	);
}

/** What Global ID Recognition needs to know of the document besides its images. */
export interface DocumentDescription {
	/** ISO 3166-1 alpha-3, upper case. */
	issuingCountry: string;
	idType: string;
}

/**
 * `POST /recognition`: `{ idImage, idBackImage?, issuingCountry, idType }`, bare base64, and with a `callbackUrl`
 * Argos answers 201 and POSTs the result there.
 */
export function idRecognitionRequest(
	document: DocumentDescription,
	front: Uint8Array,
	back?: Uint8Array,
	callbackUrl?: string,
): Buffer {
	return serializeImageRequest(
		{ idImage: imageBase64(front), ...(back && { idBackImage: imageBase64(back) }) },
		{
			issuingCountry: document.issuingCountry,
			idType: document.idType,
			...(callbackUrl !== undefined && { callbackUrl }),
		},
	);
}
