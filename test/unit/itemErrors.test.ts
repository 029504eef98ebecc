import type { INode } from 'n8n-workflow';

import {
	argosError,
	inputError,
	withCompletedChecks,
} from '../../nodes/ArgosIdLiveness/actions/itemErrors';

const node = { name: 'Check', type: 'CUSTOM.argosIdLiveness', typeVersion: 1 } as INode;

describe('withCompletedChecks', () => {
	it("adds the other items' transaction IDs to the description, not the failing item's own", () => {
		const error = argosError(node, 2, {
			message: 'Argos could not analyze the document',
			description: 'Retake it.',
			transactionId: 'txn_c',
			retryable: false,
		});
		withCompletedChecks(error, ['txn_a', undefined, 'txn_c', 'txn_d']);
		expect(error.description).toBe(
			'Retake it. (transaction ID: txn_c) Argos had already checked other items of this run (billed); their transaction IDs: item 0: txn_a, item 3: txn_d.',
		);
	});

	it('leaves the error as it is when nothing else was checked', () => {
		const error = inputError(node, 0, { message: 'Bad', description: 'Fix it.' });
		expect(withCompletedChecks(error, [undefined]).description).toBe('Fix it.');
	});
});
