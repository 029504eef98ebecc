import { createFamilyApi, markedErrorCode, type ApiSpec } from './familyApi';
import { hashNumber, markerNumber, readFamilyMarker } from './familyImages';

/** POST /liveness: synchronous only, as documented (no callbackUrl in its parameters). */
const FACE_LIVENESS_SPEC: ApiSpec = {
	apiType: 'id_live_face',
	messages: {
		'1001': 'Workspace is unavailable',
		// Not in the face liveness list: borrowed from /document for input it cannot read (assumed).
		'1003': 'Fail to process data',
		'1016': 'faceImage is required',
		'1017': 'Fail to analyze face',
	},
	imageFields: [{ name: 'faceImage', missingCode: '1016' }],
	textFields: [],
	formats: ['jpeg', 'png', 'webp'],
	// No byte limit is documented: only the gateway's body limit applies.
	maxImageBytes: Infinity,
	takesCallbackUrl: false,
	callbackHasTransactionId: true,
	codes: { notJson: '1003', unknownField: '1003', badText: '1003', badImage: '1003' },
};

/** The marker's livenessScore (0–100), 1017 for an image without a face, else a score from the image's hash. */
export const faceLivenessApi = createFamilyApi(FACE_LIVENESS_SPEC, ({ images }) => {
	const { bytes, format } = images.faceImage!;
	const marker = readFamilyMarker(bytes, format);
	const errorCode =
		markedErrorCode(FACE_LIVENESS_SPEC, marker) ?? (marker.faces === '0' ? '1017' : undefined);
	if (errorCode !== undefined) return { errorCode };
	const score = markerNumber(marker, 'livenessScore', 100) ?? hashNumber(bytes, 0) % 101;
	return { apiType: FACE_LIVENESS_SPEC.apiType, result: { liveness_score: score } };
});
