/**
 * The workflows the benchmark runs in a real n8n, each started by a POST to its production webhook and answering
 * when it has finished ("When Last Node Finishes"), so the client's clock measures the whole execution; and the
 * files they read.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { EXAMPLE_CREDENTIAL } from '../tools/argos-stack/argosStack';

export const PATHS = {
	nodeBatch: 'bench-node-batch',
	nodeBatchStopOnFail: 'bench-node-batch-stop-on-fail',
	diyBatch: 'bench-diy-batch',
	readOnly: 'bench-read-only',
	nodeBurst: 'bench-node-burst',
	diyBurst: 'bench-diy-burst',
	ceilingBurst: 'bench-ceiling-burst',
} as const;

type Node = Record<string, unknown> & { name: string };

/** A batch: the webhook's body names the files ({ "pattern": "/dir/*.jpg" }); every item's JSON comes back. */
function batchWebhook(path: string): Node {
	return {
		id: `${path}-webhook`,
		name: 'Start',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: `${path}-webhook`,
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		},
	};
}

/** A burst: one photo per POST, as a form or an upload service would send it; the first item's JSON comes back. */
function uploadWebhook(path: string): Node {
	return {
		...batchWebhook(path),
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			responseData: 'firstEntryJson',
			options: { binaryPropertyName: 'data' },
		},
	};
}

/** n8n's own ceiling for a burst: the same upload answered by Respond to Webhook, with no Argos node. */
function respondedUpload(path: string): Node[] {
	return [
		{
			...uploadWebhook(path),
			parameters: {
				httpMethod: 'POST',
				path,
				responseMode: 'responseNode',
				options: { binaryPropertyName: 'data' },
			},
		},
		{
			id: 'respond',
			name: 'Respond',
			type: 'n8n-nodes-base.respondToWebhook',
			typeVersion: 1.5,
			position: [220, 0],
			parameters: { respondWith: 'firstIncomingItem', options: {} },
		},
	];
}

const readFiles: Node = {
	id: 'read-files',
	name: 'Read Files',
	type: 'n8n-nodes-base.readWriteFile',
	typeVersion: 1.1,
	position: [220, 0],
	parameters: { operation: 'read', fileSelector: '={{ $json.body.pattern }}', options: {} },
};

/** The node at its defaults (Wait for Result), continuing on fail so that failed items are counted. */
const argos: Node = {
	id: 'argos',
	name: 'Argos ID Liveness',
	type: 'CUSTOM.argosIdLiveness',
	typeVersion: 2,
	position: [440, 0],
	onError: 'continueRegularOutput',
	parameters: {
		operation: 'waitForResult',
		imageSource: 'binary',
		binaryPropertyName: 'data',
		options: {},
	},
	credentials: {
		argosIdentityApi: { id: EXAMPLE_CREDENTIAL.id, name: EXAMPLE_CREDENTIAL.name },
	},
};

const extractBase64: Node = {
	id: 'extract',
	name: 'Extract From File',
	type: 'n8n-nodes-base.extractFromFile',
	typeVersion: 1.1,
	position: [440, 0],
	parameters: { operation: 'binaryToPropery', binaryPropertyName: 'data', destinationKey: 'data' },
};

/** What a careful user builds without the node: batches of 8 every 300 ms, failures kept as items. */
function httpRequest(documentUrl: string, apiKey: string): Node {
	return {
		id: 'http',
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [660, 0],
		onError: 'continueRegularOutput',
		parameters: {
			method: 'POST',
			url: documentUrl,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'x-api-key', value: apiKey }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody:
				'={{ JSON.stringify({ idImage: $json.data, pipelines: { sr: true, pc: true, ps: true } }) }}',
			options: { batching: { batch: { batchSize: 8, batchInterval: 300 } } },
		},
	};
}

function chain(name: string, nodes: Node[]): Record<string, unknown> {
	const connections: Record<string, unknown> = {};
	for (let index = 0; index + 1 < nodes.length; index++)
		connections[nodes[index].name] = {
			main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]],
		};
	return { name, settings: { executionOrder: 'v1' }, nodes, connections };
}

export function benchmarkWorkflows(documentUrl: string, apiKey: string) {
	const diy = [extractBase64, httpRequest(documentUrl, apiKey)];
	return [
		chain('Bench: node, batch', [batchWebhook(PATHS.nodeBatch), readFiles, argos]),
		// Without continue on fail every item passes the pre-flight before the first is sent.
		chain('Bench: node, batch, stopping on failure', [
			batchWebhook(PATHS.nodeBatchStopOnFail),
			readFiles,
			{ ...argos, onError: 'stopWorkflow' },
		]),
		chain('Bench: do-it-yourself, batch', [batchWebhook(PATHS.diyBatch), readFiles, ...diy]),
		chain('Bench: read files only', [batchWebhook(PATHS.readOnly), readFiles]),
		chain('Bench: node, one upload', [uploadWebhook(PATHS.nodeBurst), argos]),
		chain('Bench: do-it-yourself, one upload', [uploadWebhook(PATHS.diyBurst), ...diy]),
		chain("Bench: n8n's ceiling, one upload answered", respondedUpload(PATHS.ceilingBurst)),
	];
}

/** True for an item that carries a result, false for a failed one (the node's error item or HTTP Request's). */
export function succeeded(json: Record<string, unknown>): boolean {
	return json.error === undefined && (json.verdict !== undefined || json.result !== undefined);
}

/** `count` copies of `image` in `folder`; returns the glob Read Files takes. */
export function writeCopies(folder: string, image: Buffer, count: number): string {
	mkdirSync(folder, { recursive: true });
	const first = path.join(folder, 'id-0000.jpg');
	writeFileSync(first, image);
	for (let n = 1; n < count; n++)
		copyFileSync(first, path.join(folder, `id-${String(n).padStart(4, '0')}.jpg`));
	return path.join(folder, '*.jpg');
}
