import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';

import { ArgosIdentityApi } from '../../../package/credentials/ArgosIdentityApi.credentials';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../../emulator';
import { ArgosIdLiveness } from '../../../package/nodes/ArgosIdLiveness/ArgosIdLiveness.node';
import { ArgosIdLivenessTrigger } from '../../../package/nodes/ArgosIdLivenessTrigger/ArgosIdLivenessTrigger.node';
import {
	connect,
	createHarness,
	type ExecutionResult,
	type N8nHarness,
} from '../../../tools/harness';

export const API_KEY = 'workflow-test-key';
export const ACTION_TYPE = 'CUSTOM.argosIdLiveness';
export const TRIGGER_TYPE = 'CUSTOM.argosIdLivenessTrigger';
/** The action node's name in the workflows runArgos() builds. */
export const ARGOS = 'Argos ID Liveness';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');

/** A sample image drawn by emulator/sampleImages.ts (jest's globalSetup draws them). */
export function sample(fileName: string): Buffer {
	return readFileSync(join(SAMPLES, fileName));
}

const FAMILY_MIME: Record<string, string> = {
	jpg: 'image/jpeg',
	png: 'image/png',
	bmp: 'image/bmp',
	gif: 'image/gif',
};

/**
 * One item with each of `files` (binary field name → a file name in samples/family, or bytes, named upload.gif) as
 * a binary field: e.g. `{ idPhoto: 'id-ada.jpg', selfie: 'selfie-ada.jpg' }`, the two faces of Face Compare.
 */
export async function familyItem(
	harness: N8nHarness,
	files: Record<string, string | Buffer>,
): Promise<INodeExecutionData> {
	const item: INodeExecutionData = { json: {}, binary: {} };
	for (const [field, file] of Object.entries(files)) {
		const bytes = typeof file === 'string' ? sample(join('family', file)) : file;
		const name = typeof file === 'string' ? file : 'upload.gif';
		const mimeType = FAMILY_MIME[name.split('.').pop()!];
		const one = await harness.binaryItem(bytes, name, mimeType, {}, field);
		item.binary![field] = one.binary![field];
	}
	return item;
}

export interface ArgosTestBed {
	emulator: Emulator;
	harness: N8nHarness;
	close(): Promise<void>;
}

/** The emulator on loopback and n8n's engine in-process, with the Argos credential pointing at the emulator. */
export async function startTestBed(
	options: {
		emulator?: EmulatorOptions;
		credential?: IDataObject;
		extraNodeTypes?: Record<string, INodeType>;
		/** n8n's public base URL (WEBHOOK_URL), which its resume URLs start with. */
		webhookBaseUrl?: string;
	} = {},
): Promise<ArgosTestBed> {
	const emulator = await startEmulator({ apiKey: API_KEY, ...options.emulator });
	const harness = await createHarness({
		baseUrl: options.webhookBaseUrl,
		nodeTypes: {
			[ACTION_TYPE]: new ArgosIdLiveness(),
			[TRIGGER_TYPE]: new ArgosIdLivenessTrigger(),
			...options.extraNodeTypes,
		},
		credentialTypes: [new ArgosIdentityApi()],
		credentials: {
			argosIdentityApi: {
				apiKey: API_KEY,
				baseUrl: emulator.url,
				callbackSecret: '',
				...options.credential,
			},
		},
	});
	return {
		emulator,
		harness,
		async close() {
			await harness.close();
			await emulator.close();
		},
	};
}

/**
 * One test bed for the test file (started before its first test, closed after its last), its emulator's recording
 * and faults cleared before each test, then `beforeEachTest` run.
 */
export function testBedPerFile(
	options: Parameters<typeof startTestBed>[0] = {},
	beforeEachTest: (bed: ArgosTestBed) => void = () => undefined,
): ArgosTestBed {
	const bed = {} as ArgosTestBed;
	beforeAll(async () => void Object.assign(bed, await startTestBed(options)));
	afterAll(async () => await bed.close());
	beforeEach(() => {
		bed.emulator.reset();
		beforeEachTest(bed);
	});
	return bed;
}

/** One input item carrying `fileName` from samples/ as binary field `data`, stored as n8n's filesystem mode does. */
export async function imageItem(
	harness: N8nHarness,
	fileName: string,
	json: IDataObject = {},
): Promise<INodeExecutionData> {
	const mimeType = fileName.endsWith('.png') ? 'image/png' : 'image/jpeg';
	return await harness.binaryItem(sample(fileName), fileName, mimeType, {
		file: fileName,
		...json,
	});
}

/** Runs Start → "Argos ID Liveness" (the action node with `parameters`) on `input`. */
export async function runArgos(
	harness: N8nHarness,
	input: INodeExecutionData[],
	parameters: INodeParameters = {},
	node: { onError?: 'continueRegularOutput' | 'continueErrorOutput'; typeVersion?: number } = {},
): Promise<ExecutionResult> {
	return await harness.run({
		nodes: [
			harness.startNode(),
			harness.node({ name: ARGOS, type: ACTION_TYPE, parameters, ...node }),
		],
		connections: connect(['Start', ARGOS]),
		input,
	});
}

/** A copy of a JPEG with a comment segment, which the emulator reads as a marker (e.g. 'errorCode=1003'). */
export function withEmulatorMarker(jpeg: Buffer, marker: string): Buffer {
	const text = Buffer.from(marker, 'latin1');
	const segment = Buffer.alloc(4);
	segment.writeUInt16BE(0xfffe, 0);
	segment.writeUInt16BE(text.length + 2, 2);
	return Buffer.concat([jpeg.subarray(0, 2), segment, text, jpeg.subarray(2)]);
}
