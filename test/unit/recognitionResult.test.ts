import fc from 'fast-check';

import {
	ageOn,
	isBefore,
	readDocumentDate,
	sameName,
} from '../../package/nodes/resultsAndCallbacks/documentFacts';
import { expectedNameDigest } from '../../package/nodes/resultsAndCallbacks/nameDigest';
import {
	buildRecognitionOutput,
	documentChecksOf,
	parseRecognitionResult,
	type DocumentChecks,
	type RecognitionResult,
} from '../../package/nodes/resultsAndCallbacks/recognitionResult';

describe('readDocumentDate', () => {
	it.each([
		['2032-06-01', { year: 2032, month: 6, day: 1 }],
		['20210331', { year: 2021, month: 3, day: 31 }],
		['2015.05.20', { year: 2015, month: 5, day: 20 }],
		['2000/02/29', { year: 2000, month: 2, day: 29 }],
		[' 1990-04-12 ', { year: 1990, month: 4, day: 12 }],
	])('reads %j', (text, date) => expect(readDocumentDate(text)).toEqual(date));

	it.each([
		['04/05/1990', 'day or month first: April or May'],
		['12.04.1990', 'day first'],
		['2021-04-31', 'no such day'],
		['1900-02-29', 'not a leap year'],
		['2021-0331', 'mixed separators'],
		['2021-3-1', 'unpadded'],
		['0099-01-01', 'a year no holder has'],
		['', 'empty'],
		[undefined, 'absent'],
	] as Array<[string | undefined, string]>)('%j is unreadable (%s)', (text) =>
		expect(readDocumentDate(text)).toBeUndefined(),
	);

	it('every real day from 1900 to 2100 reads back as itself, in each of the four formats', () => {
		fc.assert(
			fc.property(
				fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
				fc.constantFrom('-', '.', '/', ''),
				(instant, separator) => {
					const iso = instant.toISOString().slice(0, 10);
					const [year, month, day] = iso.split('-').map(Number);
					expect(readDocumentDate(iso.split('-').join(separator))).toEqual({ year, month, day });
				},
			),
		);
	});
});

describe('ageOn and isBefore', () => {
	const day = (text: string) => readDocumentDate(text)!;
	it.each([
		['1990-04-12', '2026-04-11', 35],
		['1990-04-12', '2026-04-12', 36],
		['2008-02-29', '2026-02-28', 17],
		['2008-02-29', '2026-03-01', 18],
	])('born %s, on %s: %i', (birth, today, age) => expect(ageOn(day(birth), day(today))).toBe(age));

	it('a document expiring today is still valid today, and expired tomorrow', () => {
		expect(isBefore(day('2026-12-07'), day('2026-12-07'))).toBe(false);
		expect(isBefore(day('2026-12-07'), day('2026-12-08'))).toBe(true);
	});
});

describe('sameName', () => {
	it.each([
		['ADA SAMPLE', 'Sample, Ada'],
		['José Álvarez-Núñez', 'JOSE ALVAREZ NUNEZ'],
		['  Ada\nSample ', 'ada sample'],
	])('%j is %j', (first, second) => expect(sameName(first, second)).toBe(true));

	it.each([
		['ADA SAMPLE', 'ADA SAMPLES'],
		['ADA SAMPLE', 'ADA'],
		['', ''],
		['---', '...'],
	])('%j is not %j', (first, second) => expect(sameName(first, second)).toBe(false));
});

const DATA_ANSWER = {
	apiType: 'id_recognition',
	transactionId: 'txn-1',
	result: {
		data: {
			raw: {
				name: { value: 'RAW NAME', score: 61, coordinates: {} },
				number: { value: 'D1234567', score: 95, accepted: true },
				address: { value: '110 SOMEWHERE STREET', score: 89 },
				authority: { value: 'DMV', score: 140 },
				rotate: { value: '0' },
			},
			ocr: {
				ocr_fullName: 'ADA SAMPLE',
				ocr_birthDate: '1990-04-12',
				ocr_expireDate: 20320601,
				ocr_gender: '',
				ocr_nationality: { unexpected: true },
			},
		},
	},
};

describe('parseRecognitionResult', () => {
	it('reads data{raw,ocr}: ocr first, raw where ocr has none, confidences only where in 0–100', () => {
		expect(parseRecognitionResult(DATA_ANSWER)).toEqual({
			ok: true,
			result: {
				shape: 'data',
				transactionId: 'txn-1',
				fields: {
					fullName: 'ADA SAMPLE',
					birthDate: '1990-04-12',
					expiryDate: '20320601',
					documentNumber: 'D1234567',
					address: '110 SOMEWHERE STREET',
					issuingAuthority: 'DMV',
				},
				confidence: { fullName: 61, documentNumber: 95, address: 89 },
			},
		});
	});

	it('reads the documentInfo placeholder, joining the address parts', () => {
		const parsed = parseRecognitionResult({
			apiType: 'global_id_recognition',
			result: {
				documentInfo: { documentNumber: 'P1', expiryDate: '2030-01-01', issuingCountry: 'GBR' },
				personalInfo: { fullName: 'CY EXAMPLE', address: { street: '1 A ST', city: 'LONDON' } },
			},
		});
		expect(parsed).toEqual({
			ok: true,
			result: {
				shape: 'documentInfo',
				fields: {
					fullName: 'CY EXAMPLE',
					documentNumber: 'P1',
					expiryDate: '2030-01-01',
					address: '1 A ST, LONDON',
					issuingCountry: 'GBR',
				},
				confidence: {},
			},
		});
	});

	it.each([
		[null, 'the answer is not a JSON object'],
		[{ apiType: 'id_recognition' }, 'the answer has no result object'],
		[{ result: { data: {} } }, expect.stringContaining('neither result.data.raw')],
		[{ result: { ocr: { ocr_fullName: 'X' } } }, expect.stringContaining('neither')],
	])('%j is a problem, never a reading', (body, problem) => {
		expect(parseRecognitionResult(body)).toEqual({ ok: false, problem });
	});

	it("names paths in its problems, never the answer's values", () => {
		fc.assert(
			fc.property(fc.string({ minLength: 3 }), (value) => {
				const parsed = parseRecognitionResult({ result: { fullName: value, data: value } });
				expect(parsed.ok).toBe(false);
				if (!parsed.ok && !/^(the|answer|result|data|raw|ocr|nor|neither|\W)+$/.test(value))
					expect(parsed.problem).not.toContain(value);
			}),
		);
	});
});

describe('buildRecognitionOutput', () => {
	const NOW = new Date('2026-12-07T12:00:00Z');
	const ADA: RecognitionResult = {
		shape: 'data',
		fields: {
			fullName: 'ADA SAMPLE',
			documentNumber: 'D1234567',
			birthDate: '19900412',
			expiryDate: '2032.06.01',
		},
		confidence: { fullName: 61 },
	};
	const checks = (change: Partial<DocumentChecks> = {}): DocumentChecks => ({
		reviewExpired: true,
		minimumAge: 18,
		expectedName: 'Ada Sample',
		...change,
	});
	const output = (result: RecognitionResult, change?: Partial<DocumentChecks>) =>
		buildRecognitionOutput(result, checks(change), 'C-1', NOW);

	it('passes a readable, valid, adult document in the expected name, dates as YYYY-MM-DD', () => {
		expect(output(ADA)).toEqual({
			verdict: 'pass',
			summary: 'The document was read and passed every check',
			fullName: 'ADA SAMPLE',
			birthDate: '1990-04-12',
			documentNumber: 'D1234567',
			expiryDate: '2032-06-01',
			confidence: { fullName: 61 },
			documentExpired: false,
			age: 36,
			nameMatches: true,
			reference: 'C-1',
		});
	});

	it('a check it cannot make is a reason for review: no date, or one read only by guessing', () => {
		const result = {
			...ADA,
			fields: { ...ADA.fields, expiryDate: '01/06/2032', birthDate: undefined },
		};
		expect(output(result)).toMatchObject({
			verdict: 'review',
			expiryDate: '01/06/2032',
			failedChecks: ['documentExpired', 'minimumAge'],
			summary:
				'Needs review: the expiry date is in a format that cannot be read without guessing; no birth date was read',
		});
		expect(output(result)).not.toHaveProperty('documentExpired');
	});

	it('checks switched off are neither made nor shown', () => {
		const result = { ...ADA, fields: { ...ADA.fields, expiryDate: '2001-01-01' } };
		const off = output(result, { reviewExpired: false, minimumAge: 0, expectedName: '' });
		expect(off.verdict).toBe('pass');
		expect(off).not.toHaveProperty('documentExpired');
		expect(off).not.toHaveProperty('age');
		expect(off).not.toHaveProperty('nameMatches');
	});

	it('a name built from its parts when Argos gives no full name; none at all never matches', () => {
		const parts = {
			...ADA,
			fields: { ...ADA.fields, fullName: undefined, firstName: 'Ada', lastName: 'Sample' },
		};
		expect(output(parts).nameMatches).toBe(true);
		const none = { ...ADA, fields: { documentNumber: 'D1', expiryDate: '2030-01-01' } };
		expect(output(none, { minimumAge: 0 })).toMatchObject({
			verdict: 'review',
			nameMatches: false,
			failedChecks: ['nameRead', 'nameMatches'],
		});
	});

	it("Argos' own review flags send the item to review", () => {
		expect(output({ ...ADA, backRecognised: false })).toMatchObject({
			verdict: 'review',
			failedChecks: ['backRecognised'],
		});
	});

	it('checks the name by its keyed digest as it checks the name itself (a callback link, a waiting execution)', () => {
		const signingKey = 'signing-key';
		const byDigest = (name: string, key: string | undefined) =>
			documentChecksOf(
				{ reviewExpired: true, minimumAge: 18, nameDigest: expectedNameDigest(name, signingKey) },
				key,
			);
		for (const name of ['Sample, Ada', 'ada sample', 'Ben Other']) {
			const inClear = output(ADA, { expectedName: name });
			expect(buildRecognitionOutput(ADA, byDigest(name, signingKey), 'C-1', NOW)).toEqual(inClear);
		}
		// without the key the digest was made with, no name matches: review, never a pass
		expect(
			buildRecognitionOutput(ADA, byDigest('Ada Sample', undefined), 'C-1', NOW),
		).toMatchObject({ verdict: 'review', nameMatches: false });
		expect(documentChecksOf({ reviewExpired: false, minimumAge: 0 }, signingKey)).toEqual({
			reviewExpired: false,
			minimumAge: 0,
			expectedName: '',
		});
	});

	it('whatever the document says, the summary holds none of it', () => {
		fc.assert(
			fc.property(
				fc.stringMatching(/^[A-Z]{4,12}( [A-Z]{2,12})?$/),
				fc.stringMatching(/^[A-Z][0-9]{6,9}$/),
				(name, number) => {
					const { summary } = output(
						{ ...ADA, fields: { ...ADA.fields, fullName: name, documentNumber: number } },
						{ expectedName: 'Someone Else' },
					);
					expect(summary).not.toContain(name);
					expect(summary).not.toContain(number);
				},
			),
		);
	});
});
