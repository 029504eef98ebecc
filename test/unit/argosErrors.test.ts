import {
	describeHttpFailure,
	describeArgosError,
	findTransactionId,
	MAX_ARGOS_TEXT,
	transactionIdIn,
	transactionIdOf,
	argosText,
} from '../../package/nodes/resultsAndCallbacks/argosErrors';

describe('describeArgosError', () => {
	it.each(['1001', '1003', '1005', '1007', '1008', '1009', '1010'])(
		'explains documented code %s with a fix',
		(code) => {
			const described = describeArgosError({
				error: { errorCode: code, message: 'x', transactionId: 'txn_1' },
			});
			expect(described?.message).toContain(`(${code} `);
			expect(described?.description.length).toBeGreaterThan(20);
			expect(described).toMatchObject({ errorCode: code, transactionId: 'txn_1' });
		},
	);

	it('reads the callback shape, where the code is a number and not wrapped', () => {
		expect(
			describeArgosError({
				statusCode: 400,
				transactionId: 'txn_2',
				errorCode: 1009,
				message: 'Fail to analyze document',
			}),
		).toMatchObject({
			errorCode: '1009',
			transactionId: 'txn_2',
			message: 'Argos could not analyze the document (1009 Fail to analyze document)',
		});
	});

	it('keeps the vendor message for an unknown code', () => {
		expect(
			describeArgosError({ error: { errorCode: '2042', message: 'Something new' } })?.message,
		).toBe('Argos reported error 2042 (Something new)');
	});

	it('gives nothing when there is no code', () => {
		expect(describeArgosError({ message: 'Forbidden' })).toBeUndefined();
		expect(describeArgosError('oops')).toBeUndefined();
	});
});

describe('describeHttpFailure', () => {
	it('prefers the vendor code and keeps the status', () => {
		expect(
			describeHttpFailure(400, { error: { errorCode: '1003', transactionId: 'txn_3' } }),
		).toMatchObject({ errorCode: '1003', httpCode: 400, retryable: false, transactionId: 'txn_3' });
	});

	it.each([
		[401, false, 'Argos rejected the API key (HTTP 401)'],
		[403, false, 'Argos refused access (HTTP 403)'],
		[413, false, 'The image is too large for Argos (HTTP 413)'],
		[500, true, 'Argos had a server error (HTTP 500) and retries ran out'],
		[502, true, 'Argos had a server error (HTTP 502) and retries ran out'],
		[404, false, 'Argos answered with an unexpected HTTP 404'],
	])('explains a gateway %p', (status, retryable, message) => {
		expect(describeHttpFailure(status, { message: 'gateway says no' })).toMatchObject({
			httpCode: status,
			retryable,
			message,
		});
	});
});

describe('argosText', () => {
	it('keeps a short message as it is, whitespace folded', () => {
		expect(argosText('Fail to\n  analyze document')).toBe('Fail to analyze document');
	});

	it('cuts anything that looks like base64, and the secrets it is given', () => {
		const image = Buffer.alloc(300, 7).toString('base64');
		expect(
			argosText(`echo key=abc123 image=${image} url-safe=${'A_-b'.repeat(10)}`, ['abc123']),
		).toBe('echo key=[removed] image=[removed] url-safe=[removed]');
	});

	it(`caps the text at ${MAX_ARGOS_TEXT} characters and says how long it was`, () => {
		const text = argosText('word '.repeat(40_000));
		expect(text).toBe(`${'word '.repeat(60)}… (cut; 200000 characters in all)`);
	});
});

describe('transactionIdOf', () => {
	it.each([
		[{ transactionId: 'txn_1' }, 'txn_1'],
		[{ error: { transactionId: 'b1c2-d3' } }, 'b1c2-d3'],
		[{ transactionId: 12345 }, '12345'],
		[{ transactionId: 'x'.repeat(101) }, undefined],
		[{ transactionId: 'has space' }, undefined],
		[{ transactionId: '' }, undefined],
		['txn_1', undefined],
		[null, undefined],
	])('%j → %s', (body, expected) => {
		expect(transactionIdOf(body)).toBe(expected);
	});
});

describe('describeHttpFailure with an answer of unknown shape', () => {
	it('caps the vendor message and cuts the API key it echoes', () => {
		const failure = describeHttpFailure(
			400,
			{ error: { errorCode: '2001', message: `key sk_live_1 ${'x'.repeat(100_000)}` } },
			['sk_live_1'],
		);
		expect(failure.message.length).toBeLessThan(MAX_ARGOS_TEXT + 100);
		expect(failure.message).toMatch(/^Argos reported error 2001 \(key \[removed\] \[removed\]\)$/);
	});

	it('does not copy an error code that is not one', () => {
		expect(describeArgosError({ errorCode: 'x'.repeat(500) })).toBeUndefined();
	});
});

describe('transactionIdIn: a transaction ID anywhere in a text that is not the documented JSON', () => {
	const ANSWER =
		'{"apiType":"id_live_doc","transactionId":"txn_8f2a","engineVersion":"2.1","result":{';
	it.each([
		['JSON cut off after the ID', ANSWER, 'txn_8f2a'],
		['JSON cut off right after the closing quote', '{"transactionId":"txn_8f2a"', 'txn_8f2a'],
		['JSON cut off inside the ID: not whole', '{"transactionId":"txn_8f', undefined],
		['JSON cut off before the ID', '{"apiType":"id_live_doc","transactionId":', undefined],
		['JSON cut off inside the key', '{"apiType":"id_live_doc","transac', undefined],
		['a proxy page around the JSON', `<html><body><pre>${ANSWER}</pre></body></html>`, 'txn_8f2a'],
		[
			'JSON inside a JSON string (escaped)',
			'{"body":"{\\"transactionId\\":\\"txn_8f2a\\"}"}',
			'txn_8f2a',
		],
		['spaces and line breaks around the colon', '{ "transactionId" :\n "txn_8f2a" }', 'txn_8f2a'],
		['single quotes', "{'transactionId': 'txn_8f2a'}", 'txn_8f2a'],
		['a sentence', 'upstream failed for transactionId=txn_8f2a after 30 s', 'txn_8f2a'],
		['a bare value at the very end: maybe cut off', 'transactionId: txn_8f2a', undefined],
		['a key that only ends in transactionId', '{"parenttransactionId":"txn_other"}', undefined],
		['a key that only starts with transactionId', '{"transactionIdHash":"abc"}', undefined],
		['an ID longer than any', `{"transactionId":"${'x'.repeat(101)}"}`, undefined],
		['an ID with characters no ID has', '{"transactionId":"<script>alert(1)</script>"}', undefined],
		['an ID that is not a string', '{"transactionId":null}', undefined],
		['no ID at all', 'Bad Gateway', undefined],
		['an empty text', '', undefined],
	])('%s', (_case, text, expected) => {
		expect(transactionIdIn(text)).toBe(expected);
	});

	it('takes a JSON key before a sentence that names another value', () => {
		expect(
			transactionIdIn('note: transactionId = txn_wrong, see {"transactionId":"txn_8f2a","x":1'),
		).toBe('txn_8f2a');
	});

	it('takes the first of two JSON keys', () => {
		expect(transactionIdIn('{"transactionId":"txn_a","error":{"transactionId":"txn_b"')).toBe(
			'txn_a',
		);
	});

	it('reads a long text in linear time', () => {
		const text = `${'transactionId'.repeat(50_000)}{"transactionId":"txn_8f2a"}`;
		const startedAt = Date.now();
		expect(transactionIdIn(text)).toBe('txn_8f2a');
		expect(Date.now() - startedAt).toBeLessThan(2000);
	});
});

describe('findTransactionId', () => {
	it.each([
		[
			'the documented place first',
			{ transactionId: 'txn_1', data: { transactionId: 'txn_2' } },
			'txn_1',
		],
		['an error object', { error: { transactionId: 'txn_3' } }, 'txn_3'],
		['JSON of another shape', [{ data: { transactionId: 'txn_4' } }], 'txn_4'],
		['a nested object', { data: { result: { transactionId: 'txn_5' } } }, 'txn_5'],
		['a text', 'oops {"transactionId":"txn_6"', 'txn_6'],
		['nothing', { result: {} }, undefined],
		['a number', 42, undefined],
	])('%s', (_case, body, expected) => {
		expect(findTransactionId(body)).toBe(expected);
	});
});

describe('describeHttpFailure keeps a transaction ID the answer carries anywhere', () => {
	it.each([
		[502, '<html>Bad Gateway {"transactionId":"txn_7"</html>'],
		[500, { detail: { transactionId: 'txn_7' } }],
		[403, 'Forbidden (transactionId=txn_7).'],
		[418, { nested: [{ transactionId: 'txn_7' }] }],
		[400, { error: { errorCode: '1003' }, meta: { transactionId: 'txn_7' } }],
	])('HTTP %s', (status, body) => {
		expect(describeHttpFailure(status, body).transactionId).toBe('txn_7');
	});
});

describe("the family's error codes", () => {
	const answer = (errorCode: string | number, message: string) => ({
		error: { statusCode: 400, transactionId: 'txn_f', errorCode, message },
	});

	it('face liveness: 1017 advises on the selfie, not the document', () => {
		const failure = describeHttpFailure(400, answer(1017, 'Fail to analyze face'), [], 'liveness');
		expect(failure).toMatchObject({
			message: 'Argos could not analyze the face (1017 Fail to analyze face)',
			errorCode: '1017',
			transactionId: 'txn_f',
		});
		expect(failure.description).toMatch(/selfie/);
		expect(describeHttpFailure(400, answer('1003', 'x'), [], 'liveness').description).toMatch(
			/WebP selfie/,
		);
	});

	it('face compare: 1000 and its own 1003', () => {
		expect(
			describeHttpFailure(400, answer('1000', 'Two Images are Required'), [], 'compare'),
		).toMatchObject({
			message: 'Argos needs two images (1000 Two Images are Required)',
		});
		expect(describeHttpFailure(400, answer('1003', 'x'), [], 'compare').description).toMatch(/BMP/);
	});

	it('ID Liveness keeps its own advice for 1003, and knows nothing of 1017', () => {
		expect(describeHttpFailure(400, answer('1003', 'x')).description).toMatch(/whole document/);
		expect(describeHttpFailure(400, answer('1017', 'Fail to analyze face')).message).toBe(
			'Argos reported error 1017 (Fail to analyze face)',
		);
	});
});
