import { createFamilyApi, markedErrorCode, type ApiSpec } from './familyApi';
import { markerNumber, readFamilyMarker, type FamilyMarker } from './familyImages';
import type { ResponseShapes } from './familyContract';

/** The idType values the current page names; its list is cut off, so the emulator takes only these (assumed). */
const ID_TYPES = ['government_id', 'passport', 'drivers_license'];

const ID_RECOGNITION_SPEC: ApiSpec = {
	apiType: 'id_recognition',
	messages: {
		'1001': 'Workspace is unavailable',
		'1005': 'idImage is required',
		'1006': 'issuingCountry is required',
		'1010': 'callbackUrl is required',
		'1012': 'Fail to recognize back of an idCard',
		'1013': 'Invalid image format',
		'1014': 'idType is required',
		'1015': 'invalid inputs : {fields}',
	},
	imageFields: [{ name: 'idImage', missingCode: '1005' }, { name: 'idBackImage' }],
	textFields: [
		{
			name: 'issuingCountry',
			missingCode: '1006',
			valid: (value) => typeof value === 'string' && /^[A-Z]{3}$/.test(value),
		},
		{
			name: 'idType',
			missingCode: '1014',
			valid: (value) => typeof value === 'string' && ID_TYPES.includes(value),
		},
	],
	formats: ['jpeg', 'png', 'bmp'],
	// "Under 2 MB" (legacy page), read as decimal megabytes: the stricter reading.
	maxImageBytes: 2_000_000,
	takesCallbackUrl: true,
	callbackHasTransactionId: false,
	codes: { notJson: '1015', unknownField: '1015', badText: '1015', badImage: '1013' },
};

/** The OCR fields a marker may carry (front and back together), named as in `ocr_*` without the prefix. */
const OCR_FIELDS = [
	'fullName',
	'firstName',
	'middleName',
	'lastName',
	'gender',
	'nationality',
	'birthDate',
	'number',
	'issueDate',
	'expireDate',
] as const;

/** raw keys the vendor documents, and the marker field each is read from. */
const RAW_FIELDS = {
	name: 'fullName',
	number: 'number',
	address: 'address',
	authority: 'authority',
};
const DEFAULT_CONFIDENCE = 90;

/**
 * The fields the document's markers carry (front, then back), in the shape chosen: `data{raw,ocr}` or the
 * `documentInfo…` placeholder. A document without a marker reads as no fields at all. Dates are returned exactly as
 * the marker writes them: the vendor does not say their format.
 */
export function createIdRecognitionApi(shapes: () => ResponseShapes) {
	return createFamilyApi(ID_RECOGNITION_SPEC, ({ images, texts }) => {
		const front = readFamilyMarker(images.idImage!.bytes, images.idImage!.format);
		const back = images.idBackImage
			? readFamilyMarker(images.idBackImage.bytes, images.idBackImage.format)
			: {};
		const errorCode =
			markedErrorCode(ID_RECOGNITION_SPEC, front) ?? markedErrorCode(ID_RECOGNITION_SPEC, back);
		if (errorCode !== undefined) return { errorCode };
		const fields: FamilyMarker = { ...front, ...back };
		const confidence = markerNumber(fields, 'confidence', 100) ?? DEFAULT_CONFIDENCE;
		if (shapes().recognition === 'documentInfo')
			return {
				apiType: 'global_id_recognition',
				result: placeholderResult(fields, texts, confidence),
			};
		return {
			apiType: ID_RECOGNITION_SPEC.apiType,
			result: { data: dataResult(fields, confidence) },
		};
	});
}

function dataResult(fields: FamilyMarker, confidence: number) {
	const raw: Record<string, unknown> = {};
	Object.entries(RAW_FIELDS).forEach(([key, field], row) => {
		const value = fields[field];
		if (value === undefined) return;
		raw[key] = {
			value,
			score: confidence,
			...(key === 'number' ? { accepted: true } : {}),
			coordinates: rowCorners(row),
		};
	});
	raw.rotate = { value: '0' };
	const ocr: Record<string, string> = {};
	for (const field of OCR_FIELDS) {
		const value = fields[field];
		if (value !== undefined) ocr[`ocr_${field}`] = value;
	}
	return { raw, ocr };
}

/** Four pixel corners of the field's line on the card, as the vendor reports them. */
function rowCorners(row: number) {
	const top = 221 + row * 50;
	const bottom = top + 37;
	return {
		first: { x: 95, y: top },
		second: { x: 430, y: top },
		third: { x: 430, y: bottom },
		fourth: { x: 95, y: bottom },
	};
}

/** The shape one copy of the ko page shows: a generic placeholder, modelled so a client is tested against it. */
function placeholderResult(
	fields: FamilyMarker,
	texts: Record<string, string>,
	confidence: number,
) {
	return {
		documentInfo: {
			documentType: texts.idType,
			issuingCountry: texts.issuingCountry,
			documentNumber: fields.number,
			issueDate: fields.issueDate,
			expiryDate: fields.expireDate,
			issuingAuthority: fields.authority,
		},
		personalInfo: {
			fullName: fields.fullName,
			firstName: fields.firstName,
			middleName: fields.middleName,
			lastName: fields.lastName,
			dateOfBirth: fields.birthDate,
			gender: fields.gender,
			nationality: fields.nationality,
			...(fields.address === undefined ? {} : { address: { street: fields.address } }),
		},
		verificationStatus: {
			isValid: true,
			confidence: confidence / 100,
			verificationScore: confidence,
			securityFeatures: { hologram: true, uvElements: true, microprinting: true },
		},
		ocrData: { confidence: confidence / 100, processingTime: 1.2 },
	};
}
