/** Small workflows of n8n core nodes for the support library's self-test. */

const settings = { executionOrder: 'v1' };

function set(
	name: string,
	position: [number, number],
	fields: Array<[string, string, 'string' | 'number' | 'boolean']>,
): Record<string, unknown> {
	return {
		id: `${name}-id`.replace(/\W/g, '-'),
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position,
		parameters: {
			assignments: {
				assignments: fields.map(([field, value, type], i) => ({
					id: `a${i}`,
					name: field,
					value,
					type,
				})),
			},
			options: {},
		},
	};
}

const chain = (...names: string[]): Record<string, unknown> =>
	Object.fromEntries(
		names
			.slice(0, -1)
			.map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
	);

const manualTrigger = {
	id: 'start-id',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** Manual Trigger -> Set { greeting: 'hello', doubled: 42 } */
export function manualSet(): Record<string, unknown> {
	return {
		name: 'Smoke: manual set',
		nodes: [
			manualTrigger,
			set(
				'Set',
				[200, 0],
				[
					['greeting', 'hello', 'string'],
					['doubled', '={{ 21 * 2 }}', 'number'],
				],
			),
		],
		connections: chain('Start', 'Set'),
		settings,
	};
}

/** Manual Trigger -> Stop and Error ('smoke test failure') */
export function manualStopAndError(): Record<string, unknown> {
	return {
		name: 'Smoke: fails',
		nodes: [
			manualTrigger,
			{
				id: 'fail-id',
				name: 'Fail',
				type: 'n8n-nodes-base.stopAndError',
				typeVersion: 1,
				position: [200, 0],
				parameters: { errorMessage: 'smoke test failure' },
			},
		],
		connections: chain('Start', 'Fail'),
		settings,
	};
}

function webhook(path: string, responseMode: 'lastNode' | 'onReceived'): Record<string, unknown> {
	return {
		id: 'webhook-id',
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		// A production webhook is found by path and method; webhookId is what n8n stores with it.
		webhookId: `${path}-webhook-id`,
		parameters: { path, httpMethod: 'POST', responseMode, options: {} },
	};
}

/** POST /webhook/<path> { name } -> answers { hello: name } from the last node */
export function webhookEcho(path: string): Record<string, unknown> {
	return {
		name: `Smoke: echo ${path}`,
		nodes: [
			webhook(path, 'lastNode'),
			set('Reply', [200, 0], [['hello', '={{ $json.body.name }}', 'string']]),
		],
		connections: chain('Webhook', 'Reply'),
		settings,
	};
}

/** POST /webhook/<path> -> Set (keeps $execution.resumeUrl) -> Wait for a POST to the resume URL -> Set */
export function webhookThenWait(path: string): Record<string, unknown> {
	return {
		name: `Smoke: wait ${path}`,
		nodes: [
			webhook(path, 'onReceived'),
			set(
				'Remember resume URL',
				[200, 0],
				[['resumeUrl', '={{ $execution.resumeUrl }}', 'string']],
			),
			{
				id: 'wait-id',
				name: 'Wait',
				type: 'n8n-nodes-base.wait',
				typeVersion: 1.1,
				position: [400, 0],
				webhookId: `${path}-wait-webhook-id`,
				parameters: { resume: 'webhook', httpMethod: 'POST', options: {} },
			},
			set('After wait', [600, 0], [['resumed', 'true', 'boolean']]),
		],
		connections: chain('Webhook', 'Remember resume URL', 'Wait', 'After wait'),
		settings,
	};
}

/** Manual Trigger -> the custom node CUSTOM.smokeHello (see smokeCustomExtension.ts) */
export function manualCustomNode(): Record<string, unknown> {
	return {
		name: 'Smoke: custom node',
		nodes: [
			manualTrigger,
			{
				id: 'hello-id',
				name: 'Hello',
				type: 'CUSTOM.smokeHello',
				typeVersion: 1,
				position: [200, 0],
				parameters: { who: 'custom' },
			},
		],
		connections: chain('Start', 'Hello'),
		settings,
	};
}
