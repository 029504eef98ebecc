import { sleep } from 'n8n-workflow';

import { mapWithConcurrency } from '../../nodes/ArgosIdLiveness/actions/concurrency';

describe('mapWithConcurrency', () => {
	it('keeps input order and never runs more than the limit at once', async () => {
		let running = 0;
		let peak = 0;
		const results = await mapWithConcurrency([30, 5, 20, 1, 10, 2], 3, async (delay, index) => {
			running++;
			peak = Math.max(peak, running);
			await sleep(delay);
			running--;
			return index * 10;
		});
		expect(results).toEqual([0, 10, 20, 30, 40, 50]);
		expect(peak).toBe(3);
	});

	it('handles no input and a limit above the input size', async () => {
		expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
		expect(await mapWithConcurrency([1], 10, async (value) => value + 1)).toEqual([2]);
	});
});
