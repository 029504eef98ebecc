import type { INode } from 'n8n-workflow';

import {
	argosError,
	errorItemJson,
	inputError,
	withBilledItems,
} from '../../package/nodes/ArgosIdLiveness/actions/itemErrors';

const node = { name: 'Check', type: 'CUSTOM.argosIdLiveness', typeVersion: 1 } as INode;

describe('withBilledItems', () => {
	it("adds the other items' transaction IDs to the description, not the failing item's own", () => {
		const error = argosError(node, 2, {
			message: 'Argos could not analyze the document',
			description: 'Retake it.',
			transactionId: 'txn_c',
			retryable: false,
		});
		withBilledItems(error, ['txn_a', undefined, 'txn_c', 'txn_d']);
		expect(error.description).toBe(
			'Retake it. (transaction ID: txn_c) Argos had already analyzed other items of this run (billed); their transaction IDs: item 0: txn_a, item 3: txn_d.',
		);
	});

	it('leaves the error as it is when nothing else was checked', () => {
		const error = inputError(node, 0, { message: 'Bad', description: 'Fix it.' });
		expect(withBilledItems(error, [undefined]).description).toBe('Fix it.');
	});
});

describe("errors like n8n's own nodes", () => {
	it('keep the item index in the context, not in the message', () => {
		const input = inputError(node, 3, { message: 'The image is empty', description: 'Fix it.' });
		const vendor = argosError(node, 2, {
			message: 'Argos refused access (HTTP 403)',
			description: 'Check the key.',
			httpCode: 403,
			retryable: false,
		});
		expect([input.message, input.context.itemIndex]).toEqual(['The image is empty', 3]);
		expect([vendor.message, vendor.context.itemIndex]).toEqual([
			'Argos refused access (HTTP 403)',
			2,
		]);
	});
});

describe('errorItemJson', () => {
	const vendorFailure = () =>
		argosError(node, 0, {
			message: 'Argos refused access (HTTP 403)',
			description: 'Check the key.',
			errorCode: '1001',
			transactionId: 'txn_1',
			httpCode: 403,
			retryable: false,
		});

	it("has the result's shape, with a type to route on", () => {
		expect(errorItemJson(vendorFailure(), 'CASE-1', false)).toEqual({
			verdict: 'review',
			summary: 'Not checked: Argos refused access (HTTP 403)',
			reference: 'CASE-1',
			errorType: 'argosError',
			error: 'Argos refused access (HTTP 403)',
			description: 'Check the key. (Argos error code: 1001, transaction ID: txn_1)',
			errorCode: '1001',
			httpCode: '403',
			transactionId: 'txn_1',
		});
	});

	it("leaves out what it does not know, so no column of n8n's table view is a row of nulls", () => {
		const json = errorItemJson(
			inputError(
				node,
				0,
				{ message: 'Too small', description: 'Use a larger photo.' },
				'unusablePhoto',
			),
			null,
			false,
		);
		expect(json).toEqual({
			verdict: 'review',
			summary: 'Not checked: Too small',
			errorType: 'unusablePhoto',
			error: 'Too small',
			description: 'Use a larger photo.',
		});
		expect(
			Object.values(
				errorItemJson(inputError(node, 0, { message: 'x', description: '' }), null, true)
					.details as object,
			),
		).not.toContain(null);
	});

	it.each([
		[
			inputError(node, 0, { message: 'Too small', description: '' }, 'unusablePhoto'),
			'unusablePhoto',
		],
		[inputError(node, 0, { message: 'No check', description: '' }), 'invalidInput'],
		[
			argosError(node, 0, { message: 'Could not reach Argos', description: '', retryable: true }),
			'argosUnavailable',
		],
		[vendorFailure(), 'argosError'],
	])('types %s as %s', (error, errorType) => {
		expect(errorItemJson(error, null, false).errorType).toBe(errorType);
	});

	it('for the error output, keeps to the keys n8n moves there (error, details), with the same fields in details', () => {
		const json = errorItemJson(vendorFailure(), 'CASE-1', true);
		expect(Object.keys(json)).toEqual(['error', 'details']);
		expect(json).toEqual({
			error: 'Argos refused access (HTTP 403)',
			details: expect.objectContaining({
				verdict: 'review',
				reference: 'CASE-1',
				errorType: 'argosError',
				transactionId: 'txn_1',
			}),
		});
	});
});
