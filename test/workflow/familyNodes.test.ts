/**
 * Version 3's Face Liveness and Face Compare, run through n8n's engine against the emulator over loopback: the verdict
 * from the user's minimum, both documented compare shapes, images refused before any request, continue-on-fail with
 * one bad item among good ones; and ID Liveness in version 3 and 2 as before.
 */
import type { INodeParameters } from 'n8n-workflow';

import { ARGOS, familyItem, imageItem, runArgos, testBedPerFile } from './support/argosTestBed';
import { jsonPerOutput } from './support/callbackWorkflows';

const bed = testBedPerFile({}, ({ emulator }) =>
	emulator.setResponseShapes({ compare: 'similarity', recognition: 'data' }),
);

const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

const itemWith = (files: Record<string, string | Buffer>) => familyItem(bed.harness, files);

const selfie = (file: string | Buffer) => itemWith({ data: file });
const faces = (origin: string | Buffer, target: string | Buffer) =>
	itemWith({ idPhoto: origin, selfie: target });

const faceLiveness = (parameters: INodeParameters = {}): INodeParameters => ({
	resource: 'faceLiveness',
	operation: 'waitForResult',
	...parameters,
});
const faceCompare = (parameters: INodeParameters = {}): INodeParameters => ({
	resource: 'faceCompare',
	operation: 'waitForResult',
	...parameters,
});

const paths = () =>
	bed.emulator.requests.map((request) => new URL(request.path, 'http://x').pathname);

describe('Face Liveness', () => {
	it('scores each selfie, verdict first, on Pass and Review by the minimum', async () => {
		const execution = await runArgos(
			bed.harness,
			[await selfie('selfie-ada.jpg'), await selfie('selfie-ada-replay.jpg')],
			faceLiveness({ routeByVerdict: true, reference: 'C-7' }),
		);
		expect(execution.status).toBe('success');
		const [pass, review] = jsonPerOutput(execution, ARGOS) as Array<Array<Record<string, unknown>>>;
		expect(pass).toEqual([
			expect.objectContaining({
				verdict: 'pass',
				faceLiveness: 94,
				faceLivenessRisk: 'very low risk',
				minimumScores: { faceLiveness: 61 },
				reference: 'C-7',
			}),
		]);
		expect(Object.keys(pass[0])[0]).toBe('verdict');
		expect(review).toEqual([
			expect.objectContaining({
				verdict: 'review',
				faceLiveness: 18,
				summary: 'Needs review: face liveness scored 18, below 61',
			}),
		]);
		expect(paths()).toEqual([
			expect.stringMatching(/\/liveness$/),
			expect.stringMatching(/\/liveness$/),
		]);
		expect(Object.keys(bed.emulator.requests[0].body)).toEqual(['faceImage']);
	});

	it('takes the minimum from its option', async () => {
		const execution = await runArgos(
			bed.harness,
			[await selfie('selfie-ada.jpg')],
			faceLiveness({ options: { minimumFaceLiveness: 95 } }),
		);
		expect(execution.json(ARGOS)[0]).toMatchObject({
			verdict: 'review',
			minimumScores: { faceLiveness: 95 },
		});
	});

	it('continue on fail: one bad selfie among good ones gets its error item, in place; the others are checked', async () => {
		const execution = await runArgos(
			bed.harness,
			[
				await selfie('selfie-ada.jpg'),
				await selfie('selfie-unmarked.bmp'),
				await selfie('selfie-no-face.jpg'),
				await selfie('selfie-ben.png'),
			],
			faceLiveness(),
			{ onError: 'continueRegularOutput' },
		);
		expect(execution.status).toBe('success');
		const [items] = execution.outputs(ARGOS);
		expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({ verdict: 'pass', faceLiveness: 94 }),
			expect.objectContaining({
				verdict: 'review',
				errorType: 'unusablePhoto',
				error: expect.stringMatching(/BMP/),
			}),
			// Argos' 1017 (no face): an error item, never a pass
			expect.objectContaining({
				verdict: 'review',
				errorType: 'argosError',
				errorCode: '1017',
				error: 'Argos could not analyze the face (1017 Fail to analyze face)',
			}),
			expect.objectContaining({ verdict: 'pass', faceLiveness: 91 }),
		]);
		expect(bed.emulator.requests).toHaveLength(3);
	});
});

describe('Face Compare', () => {
	it.each(['similarity', 'faceMatch'] as const)(
		'reads the %s shape: a match by the minimum, the rest to Review',
		async (shape) => {
			bed.emulator.setResponseShapes({ compare: shape });
			const execution = await runArgos(
				bed.harness,
				[await faces('id-ada.jpg', 'selfie-ada.jpg'), await faces('id-ada.jpg', 'selfie-ben.png')],
				faceCompare({ routeByVerdict: true }),
			);
			expect(execution.status).toBe('success');
			const [pass, review] = jsonPerOutput(execution, ARGOS);
			expect(pass).toEqual([
				expect.objectContaining({
					verdict: 'pass',
					match: true,
					similarity: 0.93,
					minimumSimilarity: 0.8,
				}),
			]);
			expect(review).toEqual([
				expect.objectContaining({ verdict: 'review', match: false, similarity: 0.11 }),
			]);
			const argos = shape === 'similarity' ? { argosIsMatch: true, argosThreshold: 0.8 } : {};
			expect(pass[0]).toEqual(expect.objectContaining(argos));
			if (shape === 'faceMatch') expect(pass[0]).not.toHaveProperty('argosIsMatch');
			expect(paths()).toEqual([
				expect.stringMatching(/\/compare$/),
				expect.stringMatching(/\/compare$/),
			]);
			expect(Object.keys(bed.emulator.requests[0].body)).toEqual(['originFace', 'targetFace']);
		},
	);

	it("decides by the user's minimum, not Argos' isMatch", async () => {
		const execution = await runArgos(
			bed.harness,
			[await faces('id-ada.jpg', 'selfie-ada-borderline.jpg')],
			faceCompare({ minimumSimilarity: 0.75 }),
		);
		expect(execution.json(ARGOS)[0]).toMatchObject({
			verdict: 'pass',
			match: true,
			similarity: 0.78,
			minimumSimilarity: 0.75,
			argosIsMatch: false,
		});
	});

	it('a side without a face is never a match', async () => {
		const execution = await runArgos(
			bed.harness,
			[await faces('id-ada.jpg', 'selfie-no-face.jpg')],
			faceCompare({ minimumSimilarity: 0 }),
		);
		expect(execution.json(ARGOS)[0]).toMatchObject({
			verdict: 'review',
			match: false,
			targetFaceFound: false,
			summary: 'Needs review: no face found on the target image',
		});
	});

	it('continue on fail: a missing origin file is an error item among compared ones', async () => {
		const execution = await runArgos(
			bed.harness,
			[
				await faces('id-ada.jpg', 'selfie-ada.jpg'),
				await itemWith({ selfie: 'selfie-ada.jpg' }),
				await faces('id-ada.jpg', 'selfie-unmarked.bmp'),
			],
			faceCompare({ routeByVerdict: true }),
			{ onError: 'continueRegularOutput' },
		);
		const [pass, review] = execution.outputs(ARGOS);
		expect(pass.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(review.map((item) => [item.pairedItem, item.json.errorType ?? item.json.match])).toEqual(
			[
				[{ item: 1 }, 'unusablePhoto'],
				[{ item: 2 }, false],
			],
		);
		expect(review[0].json.error).toBe('Origin image: The item has no binary field "idPhoto"');
		expect(bed.emulator.requests).toHaveLength(2);
	});
});

describe('before any request: bad input stops the run, naming the problem', () => {
	it.each([
		[
			'Face Liveness: a BMP',
			() => selfie('selfie-unmarked.bmp'),
			faceLiveness(),
			'The file is a BMP image; Argos Face Liveness accepts only JPEG, PNG or WebP',
		],
		[
			'Face Compare: a GIF target, named as such',
			() => faces('id-ada.jpg', GIF),
			faceCompare(),
			'Target image: The file is a GIF image; Argos Face Compare accepts only JPEG, PNG or BMP',
		],
		[
			'Face Compare: a minimum similarity over 1',
			() => faces('id-ada.jpg', 'selfie-ada.jpg'),
			faceCompare({ minimumSimilarity: '80' }),
			'"Minimum Similarity" is "80", not a number from 0 to 1',
		],
	])('%s', async (_, item, parameters, message) => {
		const execution = await runArgos(bed.harness, [await item()], parameters);
		expect(execution.error?.message).toBe(message);
		expect(bed.emulator.requests).toHaveLength(0);
	});
});

describe('answers in no documented shape are error items on Review, never a pass', () => {
	it.each([
		[
			'Face Liveness: a 200 without its result',
			{ type: 'noResult' },
			() => selfie('selfie-ada.jpg'),
			faceLiveness,
		],
		[
			'Face Compare: the answer wrapped in another shape by a proxy',
			{ type: 'malformed', shape: 'nested' },
			() => faces('id-ada.jpg', 'selfie-ada.jpg'),
			faceCompare,
		],
	] as const)('%s', async (_, fault, item, resource) => {
		bed.emulator.injectFaults([fault]);
		const execution = await runArgos(
			bed.harness,
			[await item()],
			resource({ routeByVerdict: true }),
			{ onError: 'continueRegularOutput' },
		);
		expect(jsonPerOutput(execution, ARGOS)).toEqual([
			[],
			[
				expect.objectContaining({
					verdict: 'review',
					errorType: 'argosError',
					error: 'Argos answered in an unexpected way: the answer has no result object',
				}),
			],
		]);
	});
});

describe('ID Liveness, version 3 and earlier', () => {
	it('version 3 with the default resource posts to /document as before', async () => {
		const execution = await runArgos(
			bed.harness,
			[await imageItem(bed.harness, 'genuine.jpg')],
			{ resource: 'idLiveness', operation: 'waitForResult' },
			{ typeVersion: 3 },
		);
		expect(execution.json(ARGOS)[0]).toMatchObject({
			verdict: 'pass',
			screenReplay: expect.any(Number),
		});
		expect(paths()).toEqual([expect.stringMatching(/\/document$/)]);
	});

	it.each([1, 2])(
		'a version %i node ignores a `resource` left in its parameters',
		async (typeVersion) => {
			const execution = await runArgos(
				bed.harness,
				[await imageItem(bed.harness, 'genuine.jpg')],
				{
					resource: 'faceLiveness',
					...(typeVersion === 1 ? { mode: 'waitForResult' } : { operation: 'waitForResult' }),
				},
				{ typeVersion },
			);
			expect(execution.error?.message).toBeUndefined();
			expect(execution.status).toBe('success');
			expect(execution.json(ARGOS)[0]).toMatchObject({
				verdict: 'pass',
				screenReplay: expect.any(Number),
			});
			expect(paths()).toEqual([expect.stringMatching(/\/document$/)]);
		},
	);
});

describe('ID Recognition', () => {
	const idRecognition = (parameters: INodeParameters = {}): INodeParameters => ({
		resource: 'idRecognition',
		operation: 'waitForResult',
		issuingCountry: 'USA',
		idType: 'drivers_license',
		...parameters,
	});
	const documentItem = (front: string | Buffer, back?: string) =>
		itemWith({ data: front, ...(back && { idBack: back }) });

	it.each(['data', 'documentInfo'] as const)(
		'reads the %s shape: the fields flat, dates as YYYY-MM-DD, verdict first',
		async (shape) => {
			bed.emulator.setResponseShapes({ recognition: shape });
			const execution = await runArgos(
				bed.harness,
				[await documentItem('id-ada.jpg', 'id-ada-back.jpg')],
				idRecognition({
					backImageSource: 'binary',
					issuingCountry: ' usa ',
					expectedName: 'Sample, Ada',
					minimumAge: 18,
					reference: 'C-9',
				}),
			);
			expect(execution.status).toBe('success');
			const [output] = execution.json(ARGOS);
			expect(output).toMatchObject({
				verdict: 'pass',
				summary: 'The document was read and passed every check',
				fullName: 'ADA SAMPLE',
				birthDate: '1990-04-12',
				documentNumber: 'D1234567',
				expiryDate: '2032-06-01',
				address: expect.stringContaining('110 SAMPLE STREET'),
				issuingAuthority: 'DEPARTMENT OF SAMPLES',
				documentExpired: false,
				age: expect.any(Number),
				nameMatches: true,
				reference: 'C-9',
			});
			expect(Object.keys(output)[0]).toBe('verdict');
			expect(output.confidence).toEqual(
				shape === 'data'
					? { fullName: 90, documentNumber: 90, address: 90, issuingAuthority: 90 }
					: {},
			);
			expect(paths()).toEqual([expect.stringMatching(/\/recognition$/)]);
			const { body } = bed.emulator.requests[0];
			expect(Object.keys(body)).toEqual(['idImage', 'idBackImage', 'issuingCountry', 'idType']);
			expect(body).toMatchObject({ issuingCountry: 'USA', idType: 'drivers_license' });
		},
	);

	it('each switched-on check that fails is a reason for review, by name; dates in YYYYMMDD and YYYY.MM.DD', async () => {
		const execution = await runArgos(
			bed.harness,
			[
				await documentItem('id-cy-expired.jpg'),
				await documentItem('id-dee-minor.png'),
				await documentItem('id-ada.jpg'),
				await documentItem('selfie-unmarked.bmp'),
			],
			idRecognition({ routeByVerdict: true, minimumAge: 18, expectedName: 'Ada Sample' }),
		);
		const [pass, review] = execution.outputs(ARGOS);
		expect(pass.map((item) => item.pairedItem)).toEqual([{ item: 2 }]);
		expect(review.map((item) => [item.pairedItem, item.json.failedChecks])).toEqual([
			[{ item: 0 }, ['documentExpired', 'nameMatches']],
			[{ item: 1 }, ['minimumAge', 'nameMatches']],
			[
				{ item: 3 },
				['nameRead', 'documentNumberRead', 'documentExpired', 'minimumAge', 'nameMatches'],
			],
		]);
		expect(review[0].json).toMatchObject({
			expiryDate: '2021-03-31',
			documentExpired: true,
			summary:
				'Needs review: the document has expired; the name on the document differs from the expected name',
			confidence: { fullName: 58 },
		});
		expect(review[1].json).toMatchObject({ birthDate: '2015-05-20', documentExpired: false });
		expect(review[1].json.age).toBeLessThan(18);
		// The summary is copied into tickets: it names checks, never what the document says.
		for (const item of review) expect(item.json.summary).not.toMatch(/CY|DEE|ADA|19|20\d\d/);
	});

	it('an optional back left empty by an expression is not sent; one uploaded is', async () => {
		const execution = await runArgos(
			bed.harness,
			[await documentItem('id-ada.jpg'), await documentItem('id-ada.jpg', 'id-ada-back.jpg')],
			idRecognition({
				backImageSource: 'binary',
				backBinaryPropertyName: "={{ $binary.idBack ? 'idBack' : '' }}",
			}),
		);
		expect(execution.json(ARGOS).map((item) => item.address ?? null)).toEqual([
			null,
			'110 SAMPLE STREET, SPRINGFIELD',
		]);
		expect(bed.emulator.requests.map((request) => Object.keys(request.body))).toEqual([
			['idImage', 'issuingCountry', 'idType'],
			['idImage', 'idBackImage', 'issuingCountry', 'idType'],
		]);
	});

	it('with every check off, a readable document passes: the user chose what to judge', async () => {
		const execution = await runArgos(
			bed.harness,
			[await documentItem('id-cy-expired.jpg')],
			idRecognition({ reviewExpired: '={{ "false" }}' }),
		);
		expect(execution.json(ARGOS)[0]).toMatchObject({ verdict: 'pass', expiryDate: '2021-03-31' });
		expect(execution.json(ARGOS)[0]).not.toHaveProperty('documentExpired');
	});

	it('a back Argos cannot read is an error item that names the code and the fix, with no document data', async () => {
		const execution = await runArgos(
			bed.harness,
			[
				await documentItem('id-ada.jpg', 'id-back-unreadable.jpg'),
				await documentItem('id-ada.jpg'),
			],
			idRecognition({ backImageSource: 'binary' }),
			{ onError: 'continueRegularOutput' },
		);
		const [items] = execution.outputs(ARGOS);
		expect(items[0].json).toMatchObject({
			errorType: 'argosError',
			error:
				'Argos could not read the back of the document (1012 Fail to recognize back of an idCard)',
		});
		expect(JSON.stringify(items[0].json)).not.toMatch(/ADA|SAMPLE|D1234567/);
		expect(items[1].json).toMatchObject({ errorType: 'unusablePhoto' });
		expect(items[1].json.error).toBe('Back image: The item has no binary field "idBack"');
		expect(JSON.stringify(items[1].json)).toContain(
			'Set \\"Back Input Binary Field\\" to one of: data',
		);
		expect(bed.emulator.requests).toHaveLength(1);
	});

	it.each([
		[
			'a country that is not three letters',
			() => documentItem('id-ada.jpg'),
			idRecognition({ issuingCountry: 'US' }),
			'The Issuing Country is not a three-letter country code',
		],
		[
			'a document type Argos does not list, from an expression',
			() => documentItem('id-ada.jpg'),
			idRecognition({ idType: '={{ "id_card" }}' }),
			'The Document Type is not one Argos knows',
		],
		[
			'a minimum age given as text out of range',
			() => documentItem('id-ada.jpg'),
			idRecognition({ minimumAge: '={{ "-1" }}' }),
			'"Minimum Age" is "-1", not a whole number from 0 to 150',
		],
		[
			'a GIF front, named as such',
			() => documentItem(GIF),
			idRecognition(),
			'Front image: The file is a GIF image; Argos ID Recognition accepts only JPEG, PNG or BMP',
		],
	])('before any request: %s', async (_, item, parameters, message) => {
		const execution = await runArgos(bed.harness, [await item()], parameters);
		expect(execution.error?.message).toBe(message);
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it('an answer in neither shape is an error item on Review, never a pass', async () => {
		bed.emulator.injectFaults([{ type: 'malformed', shape: 'nested' }]);
		const execution = await runArgos(
			bed.harness,
			[await documentItem('id-ada.jpg')],
			idRecognition({ routeByVerdict: true }),
			{ onError: 'continueRegularOutput' },
		);
		expect(jsonPerOutput(execution, ARGOS)).toEqual([
			[],
			[expect.objectContaining({ verdict: 'review', errorType: 'argosError' })],
		]);
	});
});
