/**
 * Self-test of `resumeAfterWaitLimit`: what n8n does to an execution whose wait time ran out
 * (the cli's WaitTracker, then n8n-core's `handleWaitingState`), with throwaway node types defined here.
 */
import { NodeConnectionTypes, WAIT_INDEFINITELY } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { connect, createHarness } from '../../tools/harness';
import type { N8nHarness } from '../../tools/harness';

let executeCalls = 0;

/**
 * Accepts a job, then waits for its answer for one minute (or forever with `forever`). With `onTimeout`
 * it leaves a "timed out" item for the second output on its execution-stack entry, flagged
 * `forwardAllOutputs`, the way a node makes a lapsed wait visible.
 */
class DeadlineNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Deadline',
		name: 'test.deadline',
		group: ['transform'],
		version: 1,
		description: 'Waits for an answer until a deadline',
		defaults: { name: 'Deadline' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['answered', 'late'],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				path: '',
				restartWebhook: true,
				responseMode: 'onReceived',
				responseData: '',
			},
		],
		properties: [
			{ displayName: 'On Timeout', name: 'onTimeout', type: 'boolean', default: true },
			{ displayName: 'Forever', name: 'forever', type: 'boolean', default: false },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		executeCalls++;
		if (this.getNodeParameter('onTimeout', 0) === true) {
			this.getExecuteData().data = {
				main: [[], [{ json: { timedOut: true }, pairedItem: { item: 0 } }]],
			};
			this.setMetadata({ forwardAllOutputs: true });
		}
		const forever = this.getNodeParameter('forever', 0) === true;
		await this.putExecutionToWait(forever ? WAIT_INDEFINITELY : new Date(Date.now() + 60_000));
		return [[{ json: { accepted: true }, pairedItem: { item: 0 } }], []];
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return { workflowData: [[{ json: { answered: true } }], []] };
	}
}

class SinkNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sink',
		name: 'test.sink',
		group: ['transform'],
		version: 1,
		description: 'Passes items on',
		defaults: { name: 'Sink' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

let harness: N8nHarness;
beforeAll(async () => {
	harness = await createHarness({
		nodeTypes: { 'test.deadline': new DeadlineNode(), 'test.sink': new SinkNode() },
	});
	await harness.listen();
});
afterAll(async () => await harness.close());
beforeEach(() => (executeCalls = 0));

async function runDeadline(parameters: { onTimeout?: boolean; forever?: boolean } = {}) {
	return await harness.run({
		nodes: [
			harness.startNode(),
			harness.node({ name: 'Deadline', type: 'test.deadline', parameters }),
			harness.node({ name: 'Answered', type: 'test.sink' }),
			harness.node({ name: 'Late', type: 'test.sink' }),
		],
		connections: connect(
			['Start', 'Deadline'],
			['Deadline', 'Answered', 0],
			['Deadline', 'Late', 1],
		),
		input: [{ json: { job: 'j-1' } }],
		mode: 'webhook',
	});
}

describe('resumeAfterWaitLimit', () => {
	it("forwards every output of the waiting node's stack entry without running the node again", async () => {
		const waiting = await runDeadline();
		expect(waiting.status).toBe('waiting');
		expect(waiting.waitTill!.getTime()).toBeGreaterThan(Date.now());

		const resumed = await harness.resumeAfterWaitLimit(waiting);
		expect(resumed.id).toBe(waiting.id);
		expect(resumed.status).toBe('success');
		expect(executeCalls).toBe(1);
		// the waiting run is dropped: the only run left is the forwarded one
		expect(resumed.runs('Deadline')).toHaveLength(1);
		expect(resumed.outputs('Deadline').map((items) => items.map((item) => item.json))).toEqual([
			[],
			[{ timedOut: true }],
		]);
		expect(resumed.json('Late')).toEqual([{ timedOut: true }]);
		expect(resumed.ran('Answered')).toBe(false);
		expect(resumed.executedNodes).toEqual(['Start', 'Deadline', 'Deadline', 'Late']);
		expect(harness.execution(waiting.id)).toBe(resumed);
	});

	it("without forwardAllOutputs n8n passes the node's input on through the first output, as after a Wait node", async () => {
		const resumed = await harness.resumeAfterWaitLimit(await runDeadline({ onTimeout: false }));
		expect(resumed.status).toBe('success');
		expect(resumed.outputs('Deadline').map((items) => items.map((item) => item.json))).toEqual([
			[{ job: 'j-1' }],
		]);
		expect(resumed.json('Answered')).toEqual([{ job: 'j-1' }]);
	});

	it('leaves nothing for a late request to the resume URL: n8n answers 409', async () => {
		const waiting = await runDeadline();
		await harness.resumeAfterWaitLimit(waiting);
		const late = await post(waiting.resumeUrl);
		expect(late).toEqual({
			status: 409,
			body: { code: 409, message: `The execution "${waiting.id} has finished already.` },
		});
	});

	it("refuses executions n8n's WaitTracker would not pick up", async () => {
		const answered = await runDeadline();
		expect((await post(answered.resumeUrl)).status).toBe(200);
		await expect(harness.resumeAfterWaitLimit(answered)).rejects.toThrow(
			'can so not be started again',
		);

		const forever = await runDeadline({ forever: true });
		await expect(harness.resumeAfterWaitLimit(forever)).rejects.toThrow(
			'waits without a time limit',
		);
		expect(harness.execution(forever.id)?.status).toBe('waiting');

		await expect(harness.resumeAfterWaitLimit('999')).rejects.toThrow(
			'Execution "999" does not exist.',
		);
	});
});

/** A request to a resume URL, through the harness's loopback server as an outside service would send it. */
async function post(url: string): Promise<{ status: number; body: unknown }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: '{}',
	});
	return { status: response.status, body: (await response.json()) as unknown };
}
