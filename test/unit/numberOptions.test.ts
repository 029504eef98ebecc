import type { INodeProperties } from 'n8n-workflow';

import { readItemOptions } from '../../package/nodes/ArgosIdLiveness/description/parameters';
import { readMinimumScores } from '../../package/nodes/resultsAndCallbacks/minimumScores';
import {
	allowedRange,
	readNumberOption,
	readNumberOptions,
} from '../../package/nodes/resultsAndCallbacks/numberOptions';

const retries: INodeProperties = {
	displayName: 'Max Retries',
	name: 'maxRetries',
	type: 'number',
	default: 3,
	typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
};

describe('readNumberOption', () => {
	it.each([
		[3, 3],
		['3', 3],
		[' 10 ', 10],
		['0', 0],
		['+2', 2],
	])('accepts %j as %d', (value, expected) => {
		expect(readNumberOption(retries, { maxRetries: value })).toEqual({ ok: true, value: expected });
	});

	it('gives the default when the option is absent', () => {
		expect(readNumberOption(retries, {})).toEqual({ ok: true, value: 3 });
	});

	it.each([
		['x', '"x"'],
		['', 'empty'],
		[undefined, 'empty'],
		[null, 'empty'],
		[-1, '-1'],
		[11, '11'],
		[2.5, '2.5'],
		['0x10', '"0x10"'],
		['1e1', '"1e1"'],
		['Infinity', '"Infinity"'],
		[NaN, 'NaN'],
		[true, 'true'],
		[{ a: 1 }, 'an object'],
		[[3], 'a list'],
	])('refuses %j, naming the option, the value and the range', (value, shown) => {
		expect(readNumberOption(retries, { maxRetries: value })).toEqual({
			ok: false,
			problem: {
				message: `"Max Retries" is ${shown}, not a whole number from 0 to 10`,
				description:
					'Set the option "Max Retries" to a whole number from 0 to 10. An expression may give a number or a numeric text such as "3".',
			},
		});
	});

	it('shortens a long text value in the message', () => {
		const read = readNumberOption(retries, { maxRetries: 'y'.repeat(5000) });
		expect(!read.ok && read.problem.message.length).toBeLessThan(120);
	});

	it('words each kind of range', () => {
		const option = (typeOptions: INodeProperties['typeOptions']) => ({ ...retries, typeOptions });
		expect(allowedRange(option({ minValue: 1 }))).toBe('a number of at least 1');
		expect(allowedRange(option({ maxValue: 5 }))).toBe('a number of at most 5');
		expect(allowedRange(option({}))).toBe('a number');
	});

	it('readNumberOptions reads only number options and stops at the first bad one', () => {
		const flag: INodeProperties = {
			displayName: 'Flag',
			name: 'flag',
			type: 'boolean',
			default: true,
		};
		expect(readNumberOptions([flag, retries], { flag: 'yes', maxRetries: '4' })).toEqual({
			ok: true,
			values: { maxRetries: 4 },
		});
		expect(readNumberOptions([retries], { maxRetries: 'x' })).toMatchObject({ ok: false });
	});
});

describe("the action node's options", () => {
	it('fills in every default, typed', () => {
		expect(readItemOptions({})).toEqual({
			ok: true,
			options: {
				callbackValidHours: 24,
				concurrency: 20,
				maxRateLimitWaitSeconds: 300,
				keepBinary: true,
				maxRetries: 3,
				maxRetryWaitSeconds: 30,
				minimumFaceLiveness: 61,
				minimumPaperPrinted: 61,
				minimumReplacePortraits: 61,
				minimumScreenReplay: 61,
				enforceMinimumSize: true,
				timeoutSeconds: 60,
				useUpcomingVersion: false,
				waitLimitMinutes: 60,
			},
		});
	});

	it('takes numbers given as text by expressions', () => {
		const read = readItemOptions({ maxRetries: '0', concurrency: '8', minimumScreenReplay: '90' });
		expect(read).toMatchObject({
			ok: true,
			options: { maxRetries: 0, concurrency: 8, minimumScreenReplay: 90 },
		});
	});

	// The observed bugs, and the bounds that were missing: each value ran (or signed a link) before.
	it.each([
		['maxRetries', 'x', '"Max Retries" is "x", not a whole number from 0 to 10'],
		['concurrency', 'x', '"Max Concurrent Requests" is "x", not a whole number from 1 to 100'],
		['concurrency', 0, '"Max Concurrent Requests" is 0, not a whole number from 1 to 100'],
		['timeoutSeconds', 0, '"Request Timeout (Seconds)" is 0, not a number from 1 to 600'],
		['callbackValidHours', -1, '"Link Valid For (Hours)" is -1, not a number from 1 to 720'],
		['callbackValidHours', 'abc', '"Link Valid For (Hours)" is "abc", not a number from 1 to 720'],
		['maxRetryWaitSeconds', 0.5, '"Max Retry Wait (Seconds)" is 0.5, not a number from 1 to 300'],
		['waitLimitMinutes', 1e9, '"Wait Limit (Minutes)" is 1000000000, not a number from 1 to 43200'],
		['minimumPaperPrinted', '101', '"Min. Paper Printed" is "101", not a number from 0 to 100'],
	])('refuses %s = %j', (name, value, message) => {
		expect(readItemOptions({ [name]: value })).toMatchObject({ ok: false, problem: { message } });
	});
});

describe('readMinimumScores (both nodes)', () => {
	it('accepts a minimum score typed as text', () => {
		expect(readMinimumScores({ minimumScreenReplay: '90' }, ['screenReplay'])).toEqual({
			ok: true,
			minimumScores: { screenReplay: 90 },
		});
	});

	it('names the option as the editor shows it', () => {
		expect(readMinimumScores({ minimumReplacePortraits: 'high' }, ['replacePortraits'])).toEqual({
			ok: false,
			problem: expect.objectContaining({
				message: '"Min. Replace Portraits" is "high", not a number from 0 to 100',
			}),
		});
	});
});
