/**
 * What the three Verify APIs share, driven by each one's spec: reading the body (each image decoded once), the strict
 * validation in the order the vendor's error codes suggest, recording without personal data, and answering
 * synchronously or with a 201 and a callback.
 */

import { isAbsoluteHttpUrl, parseJsonObject } from '../documentRequest';
import { jsonAnswer } from '../httpIo';
import { recordedImage } from '../recording';
import { newTransactionId, type VendorOutcome } from '../vendorContract';
import {
	acceptedAnswer,
	badRequestAnswer,
	unauthorizedAnswer,
	type FamilyCallbackBody,
} from './familyContract';
import {
	decodeFamilyImage,
	type FamilyFormat,
	type FamilyImage,
	type FamilyMarker,
} from './familyImages';
import type { VendorApi } from '../documentHandler';
import type { RecordedRequest } from '../types';

export interface FamilyBody {
	/** Absent when the body is not a JSON object. */
	json?: Record<string, unknown>;
	/** Each image field that holds a non-empty string, decoded. */
	images: Partial<Record<string, FamilyImage>>;
}

interface RequiredField {
	name: string;
	/** The code the vendor answers when the field is missing, null or empty; undefined for optional fields. */
	missingCode?: string;
}

export interface ApiSpec {
	apiType: string;
	/** Every code this API answers with its message; `{fields}` is replaced by the offending field names. */
	messages: Record<string, string>;
	imageFields: RequiredField[];
	/** Text fields and what makes their value valid. */
	textFields: Array<RequiredField & { valid: (value: unknown) => boolean }>;
	formats: FamilyFormat[];
	/** Decoded bytes; at or above it an image is refused. */
	maxImageBytes: number;
	takesCallbackUrl: boolean;
	/** Recognition's English callback sample has no transactionId: we build for that. */
	callbackHasTransactionId: boolean;
	codes: { notJson: string; unknownField: string; badText: string; badImage: string };
}

interface FamilyRequest {
	images: Partial<Record<string, { bytes: Buffer; format: FamilyFormat }>>;
	texts: Record<string, string>;
	callbackUrl?: string;
}

/** The vendor's analysis: a result (and the apiType it carries), or one of the API's error codes. */
type FamilyAnalysis = { apiType: string; result: unknown } | { errorCode: string };

type Refusal = { errorCode: string; fields?: string[] };

export function createFamilyApi(
	spec: ApiSpec,
	analyse: (request: FamilyRequest) => FamilyAnalysis,
): VendorApi<FamilyBody> {
	return {
		parse: (bytes) => parseFamilyBody(spec, bytes),
		record: (size, body) => recordFamilyBody(spec, size, body),
		answer: (body, authorized) => answerFamily(spec, analyse, body, authorized),
	};
}

function parseFamilyBody(spec: ApiSpec, raw: Buffer): FamilyBody {
	const json = parseJsonObject(raw.toString('utf8'));
	const images: FamilyBody['images'] = {};
	for (const { name } of spec.imageFields) {
		const value = json?.[name];
		if (typeof value === 'string' && value !== '') images[name] = decodeFamilyImage(value);
	}
	return { json, images };
}

/** Every image field replaced by its size, hash and format: recordings never hold an image. */
function recordFamilyBody(
	spec: ApiSpec,
	size: number,
	body: FamilyBody | undefined,
): RecordedRequest['body'] {
	if (body === undefined) return { problem: 'body too large', bytes: size };
	if (body.json === undefined) return { problem: 'body is not a JSON object', bytes: size };
	const recorded: Record<string, unknown> = { ...body.json };
	for (const { name } of spec.imageFields) {
		if (name in recorded) recorded[name] = recordedImage(recorded[name], body.images[name]);
	}
	return recorded;
}

const isMissing = (value: unknown) => value === undefined || value === null || value === '';

/** Body, required fields in the vendor's order, unknown fields, text values, images, callbackUrl. */
function validateFamilyRequest(
	spec: ApiSpec,
	{ json, images }: FamilyBody,
): { request: FamilyRequest } | Refusal {
	if (json === undefined) return { errorCode: spec.codes.notJson, fields: ['body'] };
	for (const field of [...spec.imageFields, ...spec.textFields]) {
		if (field.missingCode !== undefined && isMissing(json[field.name]))
			return { errorCode: field.missingCode, fields: [field.name] };
	}
	const known = [
		...spec.imageFields.map(({ name }) => name),
		...spec.textFields.map(({ name }) => name),
		...(spec.takesCallbackUrl ? ['callbackUrl'] : []),
	];
	const unknown = Object.keys(json).filter((name) => !known.includes(name));
	if (unknown.length > 0) return { errorCode: spec.codes.unknownField, fields: unknown };
	const badTexts = spec.textFields
		.filter(({ name, valid }) => json[name] !== undefined && !valid(json[name]))
		.map(({ name }) => name);
	if (badTexts.length > 0) return { errorCode: spec.codes.badText, fields: badTexts };

	const request: FamilyRequest = { images: {}, texts: {} };
	for (const { name } of spec.imageFields) {
		if (json[name] === undefined) continue;
		const image = images[name];
		if (
			image === undefined ||
			'problem' in image ||
			image.format === 'unknown' ||
			!spec.formats.includes(image.format) ||
			image.bytes.length >= spec.maxImageBytes
		)
			return { errorCode: spec.codes.badImage, fields: [name] };
		request.images[name] = { bytes: image.bytes, format: image.format };
	}
	for (const { name } of spec.textFields) request.texts[name] = String(json[name]);
	if (json.callbackUrl !== undefined) {
		if (!isAbsoluteHttpUrl(json.callbackUrl)) return { errorCode: '1010' };
		request.callbackUrl = json.callbackUrl;
	}
	return { request };
}

/** An errorCode the image's marker asks for, when it is one this API answers. */
export function markedErrorCode(spec: ApiSpec, marker: FamilyMarker): string | undefined {
	const code = marker.errorCode;
	return code !== undefined && code in spec.messages ? code : undefined;
}

function messageOf(spec: ApiSpec, { errorCode, fields = [] }: Refusal): string {
	return spec.messages[errorCode].replace('{fields}', fields.join(', '));
}

function answerFamily(
	spec: ApiSpec,
	analyse: (request: FamilyRequest) => FamilyAnalysis,
	body: FamilyBody,
	authorized: boolean,
): VendorOutcome {
	const transactionId = newTransactionId();
	if (!authorized) return { transactionId, answer: unauthorizedAnswer(transactionId) };
	const refuse = (refusal: Refusal) =>
		badRequestAnswer(spec.apiType, transactionId, refusal.errorCode, messageOf(spec, refusal));

	const validation = validateFamilyRequest(spec, body);
	if ('errorCode' in validation) return { transactionId, answer: refuse(validation) };
	const { request } = validation;
	const analysis = analyse(request);
	if (request.callbackUrl === undefined) {
		const answer =
			'errorCode' in analysis
				? refuse(analysis)
				: jsonAnswer(200, { apiType: analysis.apiType, transactionId, result: analysis.result });
		return { transactionId, answer };
	}
	const identity = spec.callbackHasTransactionId ? { transactionId } : {};
	const callbackBody: FamilyCallbackBody =
		'errorCode' in analysis
			? {
					statusCode: 400,
					apiType: spec.apiType,
					...identity,
					// A number here, as in the vendor's callback examples.
					errorCode: Number(analysis.errorCode),
					message: messageOf(spec, analysis),
				}
			: { statusCode: 200, apiType: analysis.apiType, ...identity, result: analysis.result };
	return {
		transactionId,
		answer: acceptedAnswer(transactionId),
		callback: { url: request.callbackUrl, body: callbackBody },
	};
}
