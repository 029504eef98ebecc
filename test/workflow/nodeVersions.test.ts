/**
 * Workflows saved with version 1 of the action node store the mode as `mode`; version 2 stores it as
 * `operation`. Each mode runs as before in version 1, and version 2 runs the same modes from `operation`.
 */
import type { INodeParameters } from 'n8n-workflow';

import {
	ARGOS,
	imageItem,
	runArgos,
	startTestBed,
	type ArgosTestBed,
} from './support/argosTestBed';
import { jsonPerOutput, runSubmitAndWait } from './support/callbackWorkflows';

let bed: ArgosTestBed;
let base: string;
beforeAll(async () => {
	bed = await startTestBed({ emulator: { callbackDelayMs: 100 } });
	base = await bed.harness.listen();
});
afterAll(async () => await bed.close());
beforeEach(() => bed.emulator.reset());

/** The parameter that holds the mode in each version. */
const modeIn = (typeVersion: 1 | 2, mode: string): INodeParameters =>
	typeVersion === 1 ? { mode } : { operation: mode };

describe.each([1, 2] as const)('version %i', (typeVersion) => {
	it('Wait for Result: scores and a verdict, on Pass and Review when routing', async () => {
		const execution = await runArgos(
			bed.harness,
			[
				await imageItem(bed.harness, 'genuine.jpg'),
				await imageItem(bed.harness, 'printed-copy.png'),
			],
			{ ...modeIn(typeVersion, 'waitForResult'), routeByVerdict: true },
			{ typeVersion },
		);
		expect(execution.status).toBe('success');
		const [pass, review] = jsonPerOutput(execution, ARGOS);
		expect(pass).toEqual([expect.objectContaining({ verdict: 'pass' })]);
		expect(review).toEqual([expect.objectContaining({ verdict: 'review' })]);
		expect(bed.emulator.requests[0].body).not.toHaveProperty('callbackUrl');
	});

	it('Send Result to Callback URL: an acceptance, on one output even with Route by Verdict left on', async () => {
		const execution = await runArgos(
			bed.harness,
			[await imageItem(bed.harness, 'genuine.jpg')],
			{
				...modeIn(typeVersion, 'sendToCallbackUrl'),
				callbackUrl: `${base}webhook/argos-callback`,
				reference: 'C-11',
				routeByVerdict: true,
			},
			{ typeVersion },
		);
		expect(execution.status).toBe('success');
		expect(jsonPerOutput(execution, ARGOS)).toEqual([
			[expect.objectContaining({ status: 'accepted', reference: 'C-11' })],
		]);
		const { callbackUrl } = bed.emulator.requests[0].body as { callbackUrl: string };
		expect(callbackUrl).toMatch(new RegExp(`^${base}webhook/argos-callback\\?`));
		await bed.emulator.waitForCallbacks(1);
	});

	it('Submit and Wait for Result: sends the resume URL and waits, with the checks it sent bound', async () => {
		const waiting = await runSubmitAndWait(
			bed.harness,
			[await imageItem(bed.harness, 'genuine.jpg')],
			{ routeByVerdict: true },
			undefined,
			typeVersion,
		);
		expect(waiting.status).toBe('waiting');
		// each version's default wait limit: "Wait Limit (Minutes)" 60, "Limit Wait Time" 45 minutes
		const minutes = typeVersion === 1 ? 60 : 45;
		expect(Math.abs(waiting.waitTill!.getTime() - (Date.now() + minutes * 60_000))).toBeLessThan(
			5_000,
		);
		const [request] = bed.emulator.requests;
		expect(request.body).toMatchObject({ callbackUrl: waiting.resumeUrl });
		expect(waiting.run.data.resultData.metadata).toMatchObject({
			argosTransactionId: request.transactionId,
			argosChecks: 'screenReplay,paperPrinted,replacePortraits',
		});
	});
});

it('a version 2 node ignores a `mode` left in its parameters: `operation` decides', async () => {
	const execution = await runArgos(
		bed.harness,
		[await imageItem(bed.harness, 'genuine.jpg')],
		{ mode: 'sendToCallbackUrl', callbackUrl: `${base}webhook/argos-callback` },
		{ typeVersion: 2 },
	);
	expect(execution.status).toBe('success');
	expect(execution.json(ARGOS)[0]).toMatchObject({ verdict: 'pass' });
});
