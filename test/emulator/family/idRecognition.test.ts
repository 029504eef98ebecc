import { withLeadingComments } from '../../../emulator/sampleImages';
import { jsonOf, TRANSACTION_ID } from '../emulatorTestKit';
import {
	errorOf,
	familyImage,
	GIF,
	postRecognition,
	WEBP_HEADER,
	emulatorPerFile,
	receiverPerBlock,
	expectRefusal,
} from './familyTestKit';

const front = (fileName: string, extra: Record<string, unknown> = {}) => ({
	idImage: familyImage(fileName),
	issuingCountry: 'USA',
	idType: 'drivers_license',
	...extra,
});

const corners = (top: number) => ({
	first: { x: 95, y: top },
	second: { x: 430, y: top },
	third: { x: 430, y: top + 37 },
	fourth: { x: 95, y: top + 37 },
});

describe('emulator: global ID recognition (POST /recognition)', () => {
	const current = emulatorPerFile({}, (emulator) =>
		emulator.setResponseShapes({ recognition: 'data' }),
	);

	describe('in the shape result.data{raw,ocr} (the default)', () => {
		it("reads every field of Ada's licence, raw with score and corners, ocr flat", async () => {
			const response = await postRecognition(current().url, front('id-ada.jpg'));
			expect(response.status).toBe(200);
			expect(jsonOf(response)).toEqual({
				apiType: 'id_recognition',
				transactionId: expect.stringMatching(TRANSACTION_ID),
				result: {
					data: {
						raw: {
							name: { value: 'ADA SAMPLE', score: 90, coordinates: corners(221) },
							number: { value: 'D1234567', score: 90, accepted: true, coordinates: corners(271) },
							authority: { value: 'DEPARTMENT OF SAMPLES', score: 90, coordinates: corners(371) },
							rotate: { value: '0' },
						},
						ocr: {
							ocr_fullName: 'ADA SAMPLE',
							ocr_firstName: 'ADA',
							ocr_lastName: 'SAMPLE',
							ocr_gender: 'F',
							ocr_nationality: 'USA',
							ocr_birthDate: '1990-04-12',
							ocr_number: 'D1234567',
							ocr_issueDate: '2022-06-01',
							ocr_expireDate: '2032-06-01',
						},
					},
				},
			});
		});

		it('adds what the back carries when idBackImage is sent', async () => {
			const response = await postRecognition(
				current().url,
				front('id-ada.jpg', { idBackImage: familyImage('id-ada-back.jpg') }),
			);
			expect(jsonOf(response).result.data.raw.address).toEqual({
				value: '110 SAMPLE STREET, SPRINGFIELD',
				score: 90,
				coordinates: corners(321),
			});
		});

		it("returns an expired passport's dates as written (YYYYMMDD) with its low confidence", async () => {
			const response = await postRecognition(
				current().url,
				front('id-cy-expired.jpg', { issuingCountry: 'GBR', idType: 'passport' }),
			);
			const { raw, ocr } = jsonOf(response).result.data;
			expect(ocr).toMatchObject({ ocr_expireDate: '20210331', ocr_birthDate: '19780923' });
			expect(raw.name.score).toBe(58);
		});

		it("returns a minor's birth date (YYYY.MM.DD) from a PNG", async () => {
			const response = await postRecognition(
				current().url,
				front('id-dee-minor.png', { issuingCountry: 'KOR', idType: 'government_id' }),
			);
			expect(jsonOf(response).result.data.ocr).toMatchObject({
				ocr_birthDate: '2015.05.20',
				ocr_middleName: 'MINOR',
			});
		});

		it('reads no fields from a document without a marker (BMP taken)', async () => {
			const response = await postRecognition(current().url, front('selfie-unmarked.bmp'));
			expect(jsonOf(response).result).toEqual({
				data: { raw: { rotate: { value: '0' } }, ocr: {} },
			});
		});
	});

	it('answers in the documentInfo placeholder shape when so set, apiType global_id_recognition', async () => {
		current().setResponseShapes({ recognition: 'documentInfo' });
		const response = await postRecognition(
			current().url,
			front('id-ada.jpg', { idBackImage: familyImage('id-ada-back.jpg') }),
		);
		expect(jsonOf(response)).toEqual({
			apiType: 'global_id_recognition',
			transactionId: expect.stringMatching(TRANSACTION_ID),
			result: {
				documentInfo: {
					documentType: 'drivers_license',
					issuingCountry: 'USA',
					documentNumber: 'D1234567',
					issueDate: '2022-06-01',
					expiryDate: '2032-06-01',
					issuingAuthority: 'DEPARTMENT OF SAMPLES',
				},
				personalInfo: {
					fullName: 'ADA SAMPLE',
					firstName: 'ADA',
					lastName: 'SAMPLE',
					dateOfBirth: '1990-04-12',
					gender: 'F',
					nationality: 'USA',
					address: { street: '110 SAMPLE STREET, SPRINGFIELD' },
				},
				verificationStatus: {
					isValid: true,
					confidence: 0.9,
					verificationScore: 90,
					securityFeatures: { hologram: true, uvElements: true, microprinting: true },
				},
				ocrData: { confidence: 0.9, processingTime: 1.2 },
			},
		});
	});

	describe('refusals', () => {
		it.each([
			[
				'idImage missing',
				{ issuingCountry: 'USA', idType: 'passport' },
				'1005',
				'idImage is required',
			],
			[
				'issuingCountry missing',
				front('id-ada.jpg', { issuingCountry: undefined }),
				'1006',
				'issuingCountry is required',
			],
			['idType empty', front('id-ada.jpg', { idType: '' }), '1014', 'idType is required'],
			['everything missing (idImage first)', {}, '1005', 'idImage is required'],
			[
				'an unknown field',
				front('id-ada.jpg', { country: 'USA', image: 'x' }),
				'1015',
				'invalid inputs : country, image',
			],
			[
				'an idType not on the page',
				front('id-ada.jpg', { idType: 'residence_permit' }),
				'1015',
				'invalid inputs : idType',
			],
			[
				'a country not in alpha-3',
				front('id-ada.jpg', { issuingCountry: 'us' }),
				'1015',
				'invalid inputs : issuingCountry',
			],
			['a body that is not JSON', 'idImage=x', '1015', 'invalid inputs : body'],
			[
				'a GIF',
				front('id-ada.jpg', { idImage: GIF.toString('base64') }),
				'1013',
				'Invalid image format',
			],
			[
				'WebP',
				front('id-ada.jpg', { idBackImage: WEBP_HEADER.toString('base64') }),
				'1013',
				'Invalid image format',
			],
			[
				'a data: URL prefix',
				front('id-ada.jpg', { idImage: `data:image/jpeg;base64,${familyImage('id-ada.jpg')}` }),
				'1013',
				'Invalid image format',
			],
			[
				'an image of 2,000,000 bytes or more',
				front('id-ada.jpg', {
					idImage: withLeadingComments(
						Buffer.from(familyImage('id-ada.jpg'), 'base64'),
						1953,
					).toString('base64'),
				}),
				'1013',
				'Invalid image format',
			],
			[
				'a back it cannot read',
				front('id-ada.jpg', { idBackImage: familyImage('id-back-unreadable.jpg') }),
				'1012',
				'Fail to recognize back of an idCard',
			],
			[
				'a callbackUrl that is no URL',
				front('id-ada.jpg', { callbackUrl: '/relative' }),
				'1010',
				'callbackUrl is required',
			],
		])('answers 400 for %s', async (_case, body, errorCode, message) => {
			const response = await postRecognition(current().url, body);
			expectRefusal(response, 'id_recognition', errorCode, message);
		});

		it('takes an image just under 2,000,000 bytes', async () => {
			const image = withLeadingComments(Buffer.from(familyImage('id-ada.jpg'), 'base64'), 1800);
			expect(image.length).toBeLessThan(2_000_000);
			const response = await postRecognition(
				current().url,
				front('id-ada.jpg', { idImage: image.toString('base64') }),
			);
			expect(response.status).toBe(200);
		});

		it('answers 401 1001 with a wrong key', async () => {
			const response = await postRecognition(current().url, front('id-ada.jpg'), 'nope');
			expect(response.status).toBe(401);
			expect(errorOf(response).errorCode).toBe('1001');
		});
	});

	describe('asynchronously, with a callbackUrl', () => {
		const receiver = receiverPerBlock();

		it('accepts with 201 and posts the result without a transactionId, as the vendor sample does', async () => {
			const response = await postRecognition(
				current().url,
				front('id-cy-expired.jpg', { callbackUrl: `${receiver().url}/hook?ref=applicant-3` }),
			);
			expect(response.status).toBe(201);
			const { transactionId } = jsonOf(response);
			const [delivery] = await current().waitForCallbacks(1);
			expect(receiver().received[0].url).toBe('/hook?ref=applicant-3');
			expect(receiver().received[0].body).toEqual({
				statusCode: 200,
				apiType: 'id_recognition',
				result: {
					data: expect.objectContaining({
						ocr: expect.objectContaining({ ocr_expireDate: '20210331' }),
					}),
				},
			});
			// The emulator's record still names the transaction the callback belongs to.
			expect(delivery).toMatchObject({ transactionId, status: 200, attempt: 1 });
		});

		it('posts a failure callback with a numeric errorCode when the back cannot be read', async () => {
			const response = await postRecognition(
				current().url,
				front('id-ada.jpg', {
					idBackImage: familyImage('id-back-unreadable.jpg'),
					callbackUrl: `${receiver().url}/hook`,
				}),
			);
			expect(response.status).toBe(201);
			await current().waitForCallbacks(1);
			expect(receiver().received[0].body).toEqual({
				statusCode: 400,
				apiType: 'id_recognition',
				errorCode: 1012,
				message: 'Fail to recognize back of an idCard',
			});
		});

		it('calls back in the documentInfo shape when so set', async () => {
			current().setResponseShapes({ recognition: 'documentInfo' });
			await postRecognition(
				current().url,
				front('id-ada.jpg', { callbackUrl: `${receiver().url}/hook` }),
			);
			await current().waitForCallbacks(1);
			expect(receiver().received[0].body).toMatchObject({
				statusCode: 200,
				apiType: 'global_id_recognition',
				result: { documentInfo: { documentNumber: 'D1234567' } },
			});
		});
	});
});
