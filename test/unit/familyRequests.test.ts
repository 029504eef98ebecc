import { serializeImageRequest } from '../../package/nodes/ArgosIdLiveness/transport/documentRequest';
import {
	API_OF,
	faceCompareRequest,
	faceLivenessRequest,
	idRecognitionRequest,
} from '../../package/nodes/ArgosIdLiveness/transport/familyRequests';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('the family request bodies', () => {
	it('Face Liveness sends only faceImage, bare base64', () => {
		expect(JSON.parse(faceLivenessRequest(bytes('selfie')).toString())).toEqual({
			faceImage: bytes('selfie').toString('base64'),
		});
	});

	it('Face Compare sends originFace then targetFace, bare base64', () => {
		const body = faceCompareRequest(bytes('id portrait'), bytes('selfie'));
		expect(Object.keys(JSON.parse(body.toString()))).toEqual(['originFace', 'targetFace']);
		expect(JSON.parse(body.toString())).toEqual({
			originFace: bytes('id portrait').toString('base64'),
			targetFace: bytes('selfie').toString('base64'),
		});
	});

	it('each resource posts to its API', () => {
		expect(API_OF).toEqual({
			idLiveness: 'document',
			faceLiveness: 'liveness',
			faceCompare: 'compare',
			idRecognition: 'recognition',
		});
	});

	it('ID Recognition sends the front, the back when there is one, then the country and type', () => {
		const document = { issuingCountry: 'USA', idType: 'passport' };
		const withBack = JSON.parse(
			idRecognitionRequest(document, bytes('front'), bytes('back')).toString(),
		);
		expect(Object.keys(withBack)).toEqual(['idImage', 'idBackImage', 'issuingCountry', 'idType']);
		expect(withBack).toEqual({
			idImage: bytes('front').toString('base64'),
			idBackImage: bytes('back').toString('base64'),
			...document,
		});
		expect(
			Object.keys(JSON.parse(idRecognitionRequest(document, bytes('front')).toString())),
		).toEqual(['idImage', 'issuingCountry', 'idType']);
	});
});

describe('serializeImageRequest', () => {
	it.each([
		[{}, {}],
		[{}, { a: 1 }],
		[{ idImage: 'QUJD' }, {}],
		[
			{ idImage: 'QUJD', other: 'REVG' },
			{ pipelines: { sr: true }, note: 'é' },
		],
	])('writes valid JSON for images %j and fields %j', (images, fields) => {
		expect(JSON.parse(serializeImageRequest(images, fields).toString('utf8'))).toEqual({
			...images,
			...fields,
		});
	});
});
