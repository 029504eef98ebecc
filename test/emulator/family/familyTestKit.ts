import { readFileSync } from 'fs';
import path from 'path';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../../emulator';
import { API_KEY, postDocument, startCallbackReceiver, TRANSACTION_ID } from '../emulatorTestKit';
import type { FamilySample } from '../../../emulator/family/familySamples';

const FAMILY_SAMPLES_DIR = path.join(__dirname, '..', '..', '..', 'samples', 'family');

/** Written by the jest globalSetup, as base64 ready for a request body. */
export function familyImage(fileName: string): string {
	return readFileSync(path.join(FAMILY_SAMPLES_DIR, fileName)).toString('base64');
}

export function familyManifest(): FamilySample[] {
	return JSON.parse(
		readFileSync(path.join(FAMILY_SAMPLES_DIR, 'manifest.json'), 'utf8'),
	) as FamilySample[];
}

/** Every personal value the samples carry: none may reach a log, a recording or an error message. */
export function personalValues(): string[] {
	const personal = [
		'fullName',
		'firstName',
		'middleName',
		'lastName',
		'birthDate',
		'number',
		'address',
	];
	return familyManifest().flatMap(({ marker }) =>
		personal.map((key) => marker[key]).filter((value): value is string => value !== undefined),
	);
}

export const postTo = (route: string) => (baseUrl: string, body: unknown, apiKey?: string | null) =>
	postDocument(baseUrl, body, { path: route, ...(apiKey !== undefined && { apiKey }) });

export const postLiveness = postTo('/liveness');
export const postCompare = postTo('/compare');
export const postRecognition = postTo('/recognition');

/** The RIFF/WEBP container header and nothing more: enough for a format check, no real picture. */
export const WEBP_HEADER = Buffer.concat([
	Buffer.from('RIFF', 'latin1'),
	Buffer.from([0x1a, 0, 0, 0]),
	Buffer.from('WEBPVP8L', 'latin1'),
	Buffer.alloc(18),
]);

export const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

export function errorOf(response: { data: unknown }) {
	return (JSON.parse(response.data as string) as { error: Record<string, unknown> }).error;
}

/** One emulator for the file, forgotten between tests; `beforeEachTest` restores what a test may have changed. */
export function emulatorPerFile(
	options: EmulatorOptions = {},
	beforeEachTest: (emulator: Emulator) => void = () => undefined,
): () => Emulator {
	let emulator: Emulator | undefined;
	beforeAll(async () => {
		emulator = await startEmulator({ apiKey: API_KEY, callbackDelayMs: 0, ...options });
	});
	afterAll(() => emulator?.close());
	beforeEach(() => {
		emulator!.reset();
		beforeEachTest(emulator!);
	});
	return () => emulator!;
}

/** The vendor's 400 envelope, with the errorCode as a string. */
export function expectRefusal(
	response: { status: number; data: unknown },
	apiType: string,
	errorCode: string,
	message: string,
): void {
	expect(response.status).toBe(400);
	expect(errorOf(response)).toEqual({
		statusCode: 400,
		apiType,
		transactionId: expect.stringMatching(TRANSACTION_ID),
		errorCode,
		message,
	});
}

/** A callback receiver for the enclosing describe block, emptied before each test. */
export function receiverPerBlock(): () => Awaited<ReturnType<typeof startCallbackReceiver>> {
	let receiver: Awaited<ReturnType<typeof startCallbackReceiver>> | undefined;
	beforeAll(async () => {
		receiver = await startCallbackReceiver();
	});
	afterAll(() => receiver?.close());
	beforeEach(() => void (receiver!.received.length = 0));
	return () => receiver!;
}
