import { sha256 } from '../documentRequest';
import { createFamilyApi, markedErrorCode, type ApiSpec } from './familyApi';
import { markerNumber, readFamilyMarker, type FamilyFormat } from './familyImages';
import type { ResponseShapes } from './familyContract';

const FACE_COMPARE_SPEC: ApiSpec = {
	apiType: 'compare_face',
	messages: {
		'1000': 'Two Images are Required',
		'1001': 'Workspace is unavailable',
		// Not in the compare list: borrowed from /document for input it cannot read (assumed).
		'1003': 'Fail to process data',
		'1010': 'callbackUrl is required',
	},
	imageFields: [
		{ name: 'originFace', missingCode: '1000' },
		{ name: 'targetFace', missingCode: '1000' },
	],
	textFields: [],
	formats: ['jpeg', 'png', 'bmp'],
	// "Under 5 MB" (legacy page), read as decimal megabytes: the stricter reading.
	maxImageBytes: 5_000_000,
	takesCallbackUrl: true,
	callbackHasTransactionId: true,
	codes: { notJson: '1003', unknownField: '1003', badText: '1003', badImage: '1003' },
};

/** The only threshold the vendor shows (in a sample); fixed here. */
const COMPARE_THRESHOLD = 0.8;
const SAME_PERSON_SIMILARITY = 0.93;
const OTHER_PERSON_SIMILARITY = 0.11;

const ORIGIN_BOX = { Width: 0.425, Height: 0.568, Left: 0.123, Top: 0.235 };
const TARGET_BOX = { Width: 0.457, Height: 0.543, Left: 0.135, Top: 0.246 };
const ORIGIN_CONFIDENCE = 0.988;
const TARGET_CONFIDENCE = 0.977;

interface Face {
	found: boolean;
	/** Who the face belongs to: the marker's person, else the image itself. */
	person: string;
	similarity?: number;
}

function faceOf(bytes: Buffer, format: FamilyFormat) {
	const marker = readFamilyMarker(bytes, format);
	const face: Face = {
		found: marker.faces !== '0',
		person: marker.person ?? sha256(bytes).toString('hex'),
		similarity: markerNumber(marker, 'similarity', 1),
	};
	return { marker, face };
}

/**
 * Two faces of the same person score 0.93, of different people 0.11, unless the target's marker sets `similarity`.
 * A side without a face is `isAvailable: false` in a 200 with similarity 0 (the vendor does not say whether that is an
 * error or a 200; a 200 is the case a careless client reads as "no match").
 */
export function createFaceCompareApi(shapes: () => ResponseShapes) {
	return createFamilyApi(FACE_COMPARE_SPEC, ({ images }) => {
		const origin = faceOf(images.originFace!.bytes, images.originFace!.format);
		const target = faceOf(images.targetFace!.bytes, images.targetFace!.format);
		const errorCode =
			markedErrorCode(FACE_COMPARE_SPEC, origin.marker) ??
			markedErrorCode(FACE_COMPARE_SPEC, target.marker);
		if (errorCode !== undefined) return { errorCode };

		const bothFound = origin.face.found && target.face.found;
		const samePerson = origin.face.person === target.face.person;
		const score = !bothFound
			? 0
			: (target.face.similarity ?? (samePerson ? SAME_PERSON_SIMILARITY : OTHER_PERSON_SIMILARITY));
		const result =
			shapes().compare === 'faceMatch'
				? legacyResult(origin.face.found, target.face.found, score)
				: currentResult(origin.face.found, target.face.found, score);
		return { apiType: FACE_COMPARE_SPEC.apiType, result };
	});
}

function currentResult(originFound: boolean, targetFound: boolean, score: number) {
	return {
		face: detectedFace(originFound, ORIGIN_BOX, ORIGIN_CONFIDENCE),
		targetFace: detectedFace(targetFound, TARGET_BOX, TARGET_CONFIDENCE),
		similarity: { score, threshold: COMPARE_THRESHOLD, isMatch: score >= COMPARE_THRESHOLD },
	};
}

/** The legacy page's shape: `faceMatch` describes the target face and carries the similarity; no isMatch. */
function legacyResult(originFound: boolean, targetFound: boolean, score: number) {
	const face = detectedFace(originFound, ORIGIN_BOX);
	return {
		face,
		faceMatch: {
			...detectedFace(targetFound, TARGET_BOX, TARGET_CONFIDENCE),
			similarity: score,
			...(targetFound ? {} : { confidence: 0 }),
		},
	};
}

/** A face that was not found has no box and no confidence (assumed: the pages show only found faces). */
function detectedFace(found: boolean, boundingBox: typeof ORIGIN_BOX, confidence?: number) {
	if (!found) return { isAvailable: false };
	return { isAvailable: true, boundingBox, ...(confidence === undefined ? {} : { confidence }) };
}
