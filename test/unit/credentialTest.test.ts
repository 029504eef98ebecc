/**
 * The credential test's rules, applied as n8n 2.40 applies them (credentials-tester.service.js): the first rule
 * whose `key` (a lodash path into the answer's body) equals its `value` fails the test with its message; when no
 * rule matches, the test says "Connection successful!". The real n8n runs them in test/e2e/package.e2e.test.ts.
 */
import type { ICredentialTestRequest } from 'n8n-workflow';

import { ArgosIdentityApi } from '../../package/credentials/ArgosIdentityApi.credentials';

/** lodash.get for the plain dotted paths the rules use. */
function at(body: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(value, key) =>
				value === null || value === undefined ? undefined : (value as Record<string, unknown>)[key],
			body,
		);
}

function testResult(body: unknown): { status: 'OK' | 'Error'; message: string } {
	const { rules = [] } = new ArgosIdentityApi().test as ICredentialTestRequest;
	for (const rule of rules) {
		if (rule.type !== 'responseSuccessBody') continue;
		const { key, value, message } = rule.properties as {
			key: string;
			value: unknown;
			message: string;
		};
		if (at(body, key) === value) return { status: 'Error', message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

const vendorError = (errorCode: string | number, message: string) => ({
	error: { statusCode: 400, apiType: 'id_live_doc', transactionId: 't', errorCode, message },
});

describe('the credential test', () => {
	it.each([
		['"1005"', vendorError('1005', 'idImage is required')],
		['1005', vendorError(1005, 'idImage is required')],
	])("succeeds on the vendor's own %s idImage is required", (_case, body) => {
		expect(testResult(body)).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it.each([
		[
			'a rejected key',
			vendorError('1001', 'Workspace is unavailable'),
			/^Argos rejected this API key/,
		],
		[
			'a rejected key (number)',
			vendorError(1001, 'Workspace is unavailable'),
			/^Argos rejected this API key/,
		],
		['the gateway refusing access', { message: 'Forbidden' }, /^Argos refused access \(HTTP 403\)/],
		['a wrong path', { message: 'Missing Authentication Token' }, /^Argos has no ID Liveness API/],
		['a gateway 404', { message: 'Not Found' }, /^Argos has no ID Liveness API/],
		['a gateway 500', { message: 'Internal server error' }, /^Argos had a server error/],
		['a rate limit', { message: 'Too Many Requests' }, /^Argos is rate-limiting this key/],
		[
			'an HTML page from another server',
			'<html><body>501 Not Implemented</body></html>',
			/^The Base URL answered, but not as the Argos ID Liveness API/,
		],
		['any other 404 body', { error: 'no route' }, /^The Base URL answered, but not as/],
		['an empty JSON object', {}, /^The Base URL answered, but not as/],
		['an empty body', '', /^The Base URL answered, but not as/],
		[
			'another vendor code',
			vendorError('1009', 'Fail to analyze document'),
			/^Argos answered error 1009 where the key test expects 1005/,
		],
		[
			'another vendor code (number)',
			vendorError(1003, 'Fail to process data'),
			/^Argos answered error 1003/,
		],
	])('fails on %s, in a plain sentence', (_case, body, message) => {
		expect(testResult(body)).toEqual({ status: 'Error', message: expect.stringMatching(message) });
	});
});
