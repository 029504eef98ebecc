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
	kycNode: 'bench-kyc-node',
	kycDiy: 'bench-kyc-diy',
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

/** One of n8n's own nodes, its id made from its name (unique in a workflow, as names are); connected() places it. */
function n8nNode(
	name: string,
	type: string,
	typeVersion: number,
	parameters: Record<string, unknown>,
	settings: Record<string, unknown> = {},
): Node {
	return {
		id: name.toLowerCase().replaceAll(' ', '-'),
		name,
		type: `n8n-nodes-base.${type}`,
		typeVersion,
		position: [0, 0],
		parameters,
		...settings,
	};
}

/** Read Files over the glob in the webhook body's `bodyField`, each file into the binary field `binaryField`. */
function readFilesFrom(bodyField: string, binaryField = 'data', name = 'Read Files'): Node {
	return n8nNode(name, 'readWriteFile', 1.1, {
		operation: 'read',
		fileSelector: `={{ $json.body.${bodyField} }}`,
		options: binaryField === 'data' ? {} : { dataPropertyName: binaryField },
	});
}

const readFiles = readFilesFrom('pattern');

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

/** The file in binary field `field` to base64 in the JSON field of the same name. */
function extractBase64(field: string, name = 'Extract From File', options = {}): Node {
	return n8nNode(name, 'extractFromFile', 1.1, {
		operation: 'binaryToPropery',
		binaryPropertyName: field,
		destinationKey: field,
		...(Object.keys(options).length && { options }),
	});
}

/**
 * What a careful user builds without the node: batches of 8 every 300 ms (they know the cap is 8 and that it counts
 * every Argos API together; the nodes of a workflow run one after the other, so one batch is in flight at a time),
 * failures kept as items.
 */
function httpRequest(url: string, apiKey: string, jsonBody: string, name = 'HTTP Request'): Node {
	return n8nNode(
		name,
		'httpRequest',
		4.2,
		{
			method: 'POST',
			url,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'x-api-key', value: apiKey }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody,
			options: { batching: { batch: { batchSize: 8, batchInterval: 300 } } },
		},
		{ onError: 'continueRegularOutput' },
	);
}

/** A workflow whose nodes are joined by `links`: [from, to] to the first input, [from, to, 1] to the second. */
function connected(
	name: string,
	nodes: Node[],
	links: Array<[from: string, to: string, input?: number]>,
): Record<string, unknown> {
	const connections: Record<string, { main: Array<Array<Record<string, unknown>>> }> = {};
	for (const [from, to, input = 0] of links) {
		connections[from] ??= { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: input });
	}
	// Left to right in the order given, for whoever opens a workflow in the editor.
	const placed = nodes.map((node, index) => ({ ...node, position: [220 * index, 0] }));
	return { name, settings: { executionOrder: 'v1' }, nodes: placed, connections };
}

function chain(name: string, nodes: Node[]): Record<string, unknown> {
	return connected(
		name,
		nodes,
		nodes.slice(1).map((node, index): [string, string] => [nodes[index].name, node.name]),
	);
}

export function benchmarkWorkflows(argosUrl: string, apiKey: string) {
	const diy = [
		extractBase64('data'),
		httpRequest(
			`${argosUrl}/document`,
			apiKey,
			'={{ JSON.stringify({ idImage: $json.data, pipelines: { sr: true, pc: true, ps: true } }) }}',
		),
	];
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
		kycWorkflow('Bench: KYC decision, node', PATHS.kycNode, kycNodeChecks),
		kycWorkflow(
			'Bench: KYC decision, do-it-yourself',
			PATHS.kycDiy,
			kycHttpChecks(argosUrl, apiKey),
		),
	];
}

/**
 * The KYC decision's four checks (examples/kyc-decision.json), named alike in both workflows so that one node reads
 * each applicant's outcome of every check.
 */
export const KYC_CHECKS = [
	'Read the ID',
	'Check the ID photo',
	'Check the selfie',
	'Compare the faces',
] as const;
type KycCheck = (typeof KYC_CHECKS)[number];

/** One item per applicant: the fronts and the selfies the webhook's body names, read and paired by position. */
const kycApplicants: Node[] = [
	readFilesFrom('fronts', 'idFront', 'Read ID fronts'),
	readFilesFrom('selfies', 'selfie', 'Read selfies'),
	n8nNode('One item per applicant', 'merge', 3.2, {
		mode: 'combine',
		combineBy: 'combineByPosition',
		options: {},
	}),
];

/** The example's four Argos nodes at their defaults (Wait for Result), each continuing on fail. */
const kycNodeChecks: Node[] = (
	[
		[
			'idRecognition',
			{ binaryPropertyName: 'idFront', issuingCountry: 'USA', idType: 'drivers_license' },
		],
		['idLiveness', { binaryPropertyName: 'idFront' }],
		['faceLiveness', { binaryPropertyName: 'selfie' }],
		[
			'faceCompare',
			{
				originImageSource: 'binary',
				originBinaryPropertyName: 'idFront',
				targetImageSource: 'binary',
				targetBinaryPropertyName: 'selfie',
			},
		],
	] as const
).map(([resource, images], index) => ({
	...argos,
	id: `kyc-${resource}`,
	name: KYC_CHECKS[index],
	typeVersion: 3,
	parameters: {
		resource,
		operation: 'waitForResult',
		...('binaryPropertyName' in images && { imageSource: 'binary' }),
		...images,
		options: {},
	},
}));

/**
 * The same checks as a careful user builds them without the node: both photos to base64 first, then one HTTP Request
 * per Argos API with the body written by hand (bare base64, as docs/ARGOS-API.md gives it), each reading the photos
 * from the item they were encoded in.
 */
function kycHttpChecks(argosUrl: string, apiKey: string): Node[] {
	const photos = "$('Photos as base64').item.json";
	const requests: Array<[KycCheck, string, string]> = [
		[
			'Read the ID',
			'/recognition',
			`{ idImage: ${photos}.idFront, issuingCountry: 'USA', idType: 'drivers_license' }`,
		],
		// The node's defaults: every pipeline (screen replay, paper print, portrait substitution).
		[
			'Check the ID photo',
			'/document',
			`{ idImage: ${photos}.idFront, pipelines: { sr: true, pc: true, ps: true } }`,
		],
		['Check the selfie', '/liveness', `{ faceImage: ${photos}.selfie }`],
		[
			'Compare the faces',
			'/compare',
			`{ originFace: ${photos}.idFront, targetFace: ${photos}.selfie }`,
		],
	];
	return [
		extractBase64('idFront', 'ID front as base64'),
		// Without keepSource the item would lose the front encoded the step before.
		extractBase64('selfie', 'Photos as base64', { keepSource: 'json' }),
		...requests.map(([check, apiPath, body]) =>
			httpRequest(`${argosUrl}${apiPath}`, apiKey, `={{ JSON.stringify(${body}) }}`, check),
		),
	];
}

/** One item per applicant with each check's outcome: true when its node or HTTP Request gave a result. */
const kycOutcomes = n8nNode('Outcome per applicant', 'set', 3.4, {
	assignments: {
		assignments: KYC_CHECKS.map((check, index) => ({
			id: `check-${index}`,
			name: check,
			value: `={{ $('${check}').item.json.error === undefined }}`,
			type: 'boolean',
		})),
	},
	options: {},
});

/** Webhook → Read ID fronts and Read selfies → one item per applicant → `checks` in a row → each applicant's outcome. */
function kycWorkflow(name: string, webhookPath: string, checks: Node[]): Record<string, unknown> {
	const webhook = batchWebhook(webhookPath);
	const [readFronts, readSelfies, applicants] = kycApplicants;
	const steps = [applicants, ...checks, kycOutcomes];
	return connected(
		name,
		[webhook, ...kycApplicants, ...checks, kycOutcomes],
		[
			[webhook.name, readFronts.name],
			[webhook.name, readSelfies.name],
			[readFronts.name, applicants.name, 0],
			[readSelfies.name, applicants.name, 1],
			...steps.slice(1).map((step, index): [string, string] => [steps[index].name, step.name]),
		],
	);
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
