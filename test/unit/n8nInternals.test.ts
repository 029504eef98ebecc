import * as n8nWorkflow from 'n8n-workflow';
import type { IExecuteData, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { isSignedResumeUrl } from '../../package/nodes/ArgosIdLiveness/actions/submitAndWait';
import {
	beforeRunIsSaved,
	errorOutputJson,
	isSupportedN8n,
	OLDEST_SUPPORTED_N8N,
	refuseUnsupportedN8n,
	setOutputsOnResume,
	takeRunNote,
	UNSUPPORTED_N8N_MESSAGE,
	whenAnswered,
	withRunNote,
} from '../../package/nodes/resultsAndCallbacks/n8nInternals';
import { recordedResponse } from './support/triggerContexts';

/** n8n-workflow as n8n 2.0–2.38 ship it: everything the nodes use, but no node API level yet. */
const n8nWorkflowBefore239: Record<string, unknown> = { ...n8nWorkflow };
delete n8nWorkflowBefore239.N8N_NODES_API_VERSION;

describe('which n8n this is', () => {
	it('is supported with the n8n-workflow the package is built against (n8n 2.40)', () => {
		expect(isSupportedN8n(n8nWorkflow)).toBe(true);
		expect(() => refuseUnsupportedN8n()).not.toThrow();
	});

	it('is not supported when n8n-workflow has no N8N_NODES_API_VERSION (n8n before 2.39.0)', () => {
		expect(n8nWorkflowBefore239.NodeConnectionTypes).toBeDefined();
		expect(isSupportedN8n(n8nWorkflowBefore239)).toBe(false);
		expect(isSupportedN8n({ N8N_NODES_API_VERSION: '1' })).toBe(false);
	});

	// A TypeError would reach n8n's log as "Class could not be found" (n8n 1.82.3): the message must be a plain Error's.
	it('throws a plain Error that names the n8n the package needs', () => {
		let thrown: unknown;
		try {
			refuseUnsupportedN8n(n8nWorkflowBefore239);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(Error);
		expect(thrown).not.toBeInstanceOf(TypeError);
		expect((thrown as Error).message).toBe(UNSUPPORTED_N8N_MESSAGE);
		expect(OLDEST_SUPPORTED_N8N).toBe('2.39.0');
		expect(UNSUPPORTED_N8N_MESSAGE).toMatch(
			/^n8n-nodes-argos-id-liveness needs n8n 2\.39\.0 or newer: this n8n is older/,
		);
	});

	it.each([
		[
			'ArgosIdLiveness/ArgosIdLiveness.node',
			'n8n 2.0 to 2.38',
			{ N8N_NODES_API_VERSION: undefined },
		],
		[
			'ArgosIdLivenessTrigger/ArgosIdLivenessTrigger.node',
			'n8n 2.0 to 2.38',
			{ N8N_NODES_API_VERSION: undefined },
		],
		[
			'ArgosIdLiveness/ArgosIdLiveness.node',
			'n8n before 1.83',
			{ N8N_NODES_API_VERSION: undefined, NodeConnectionTypes: undefined },
		],
		[
			'ArgosIdLivenessTrigger/ArgosIdLivenessTrigger.node',
			'n8n before 1.83',
			{ N8N_NODES_API_VERSION: undefined, NodeConnectionTypes: undefined },
		],
	])('%s refuses to load on %s', (file, _n8n, missing) => {
		jest.isolateModules(() => {
			jest.doMock('n8n-workflow', () => ({ ...jest.requireActual('n8n-workflow'), ...missing }));
			expect(() => require(`../../package/nodes/${file}`)).toThrow(UNSUPPORTED_N8N_MESSAGE);
		});
	});
});

describe('setOutputsOnResume', () => {
	const item = (name: string): INodeExecutionData => ({ json: { name }, pairedItem: { item: 0 } });

	function contextWith(executeData: IExecuteData) {
		const metadata: Record<string, unknown> = {};
		const context = {
			getExecuteData: () => executeData,
			setMetadata: (values: Record<string, unknown>) => Object.assign(metadata, values),
		} as unknown as IExecuteFunctions;
		return { context, metadata };
	}

	it('leaves every output for n8n to hand on, each read back from the node’s own source', () => {
		const source = { previousNode: 'Webhook', previousNodeOutput: 0, previousNodeRun: 0 };
		const executeData: IExecuteData = {
			node: { name: 'Argos' } as IExecuteData['node'],
			data: { main: [[item('input')]] },
			source: { main: [source] },
		};
		const { context, metadata } = contextWith(executeData);
		const outputs = [[], [item('timed out')]];

		setOutputsOnResume(context, outputs);

		expect(executeData.data).toEqual({ main: outputs });
		expect(metadata).toEqual({ forwardAllOutputs: true });
		expect(executeData.source).toEqual({ main: [source, source] });
	});

	it('keeps a missing source missing (a node run on its own)', () => {
		const executeData: IExecuteData = {
			node: { name: 'Argos' } as IExecuteData['node'],
			data: { main: [[item('input')]] },
			source: null,
		};
		const { context } = contextWith(executeData);
		setOutputsOnResume(context, [[item('timed out')]]);
		expect(executeData.source).toBeNull();
	});
});

describe('errorOutputJson', () => {
	const fields = {
		verdict: 'review',
		summary: 'Not checked: Argos did not call back',
		reference: 'case-7',
		errorType: 'argosUnavailable',
		error: 'Argos did not call back',
		transactionId: 'tx-1',
	};

	// n8n-core 2.36 on (WorkflowExecute.handleNodeErrorOutput) moves an item whose JSON has no other keys than these.
	it('holds only the keys n8n moves to the error output', () => {
		const json = errorOutputJson(fields);
		expect(Object.keys(json).every((key) => ['error', 'message', 'details'].includes(key))).toBe(
			true,
		);
		expect(json.error).toBe('Argos did not call back');
	});

	it('keeps every other field under details', () => {
		const details: Record<string, unknown> = { ...fields };
		delete details.error;
		expect(errorOutputJson(fields).details).toEqual(details);
	});
});

describe('isSignedResumeUrl', () => {
	it.each([
		['https://n8n.example.com/webhook-waiting/42?signature=abc', true],
		['https://n8n.example.com/webhook-waiting/42', false], // n8n 1.x and 2.0
		['https://n8n.example.com/webhook-waiting/42?signature=', false],
		['not a url', false],
	])('%s: %s', (url, signed) => {
		expect(isSignedResumeUrl(url)).toBe(signed);
	});
});

describe("the trigger's run note", () => {
	it("rides on the first output and comes off in execute(), leaving webhook()'s items as they were", () => {
		const outputs = [[{ json: { a: 1 } }], [{ json: { b: 2 } }]];
		const input = withRunNote(outputs, { transactionId: 't' });
		expect(input[0]).toHaveLength(2);
		const context = { getExecuteData: () => ({ data: { main: input } }) };
		expect(takeRunNote(context as unknown as IExecuteFunctions)).toEqual({
			outputs,
			note: { transactionId: 't' },
		});
	});

	it('keeps the first output from being empty (n8n runs a v0 start node only then)', () => {
		expect(withRunNote([[], [{ json: { b: 2 } }]], {})[0]).toHaveLength(1);
	});
});

describe('beforeRunIsSaved', () => {
	const contextWith = (handlers: unknown) =>
		({
			additionalData: { hooks: { handlers: { workflowExecuteAfter: handlers } } },
		}) as unknown as IExecuteFunctions;

	it("runs before n8n's own handlers (which save the static data), only when n8n saves it", async () => {
		const calls: string[] = [];
		const handlers = [
			(_run: unknown, staticData?: unknown) => calls.push(`n8n saves ${String(staticData)}`),
		];
		expect(beforeRunIsSaved(contextWith(handlers), () => calls.push('listener'))).toBe(true);
		for (const handler of handlers) await handler({}, 'static data');
		// a cancelled run: n8n passes no static data and saves none
		for (const handler of handlers) await handler({}, undefined);
		expect(calls).toEqual(['listener', 'n8n saves static data', 'n8n saves undefined']);
	});

	it('says so where this n8n keeps no hooks there', () => {
		expect(beforeRunIsSaved({} as IExecuteFunctions, () => {})).toBe(false);
	});
});

describe('whenAnswered', () => {
	it("tells the status once, when n8n answers through the response's end(), and still answers", () => {
		const response = recordedResponse();
		const statuses: number[] = [];
		whenAnswered(
			{ getResponseObject: () => response } as unknown as Parameters<typeof whenAnswered>[0],
			(status) => statuses.push(status),
		);
		expect(statuses).toEqual([]);
		response.status(500).json({ message: 'Error in workflow' });
		response.end();
		expect(statuses).toEqual([500]);
		expect(response).toMatchObject({ ended: true, body: { message: 'Error in workflow' } });
	});
});
