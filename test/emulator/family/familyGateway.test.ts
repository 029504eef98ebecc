import axios from 'axios';
import { spawn } from 'child_process';
import path from 'path';
import { sha256 } from '../../../emulator/documentRequest';
import {
	documentBody,
	jsonOf,
	postDocument,
	sampleBytes,
	startCallbackReceiver,
} from '../emulatorTestKit';
import {
	familyImage,
	personalValues,
	postCompare,
	postLiveness,
	postRecognition,
	emulatorPerFile,
} from './familyTestKit';

const recognitionBody = (extra: Record<string, unknown> = {}) => ({
	idImage: familyImage('id-ada.jpg'),
	idBackImage: familyImage('id-ada-back.jpg'),
	issuingCountry: 'USA',
	idType: 'drivers_license',
	...extra,
});

const imageFacts = (fileName: string) => {
	const bytes = Buffer.from(familyImage(fileName), 'base64');
	return { bytes: bytes.length, sha256: sha256(bytes).toString('hex') };
};

describe('emulator: the Verify family behind the shared gateway', () => {
	const logLines: string[] = [];
	const current = emulatorPerFile(
		{ log: (line) => logLines.push(line) },
		() => (logLines.length = 0),
	);

	it('records every image field as size, hash and format, never the image; other fields as sent', async () => {
		await postLiveness(current().url, { faceImage: familyImage('selfie-ben.png') });
		await postCompare(current().url, {
			originFace: familyImage('id-ada.jpg'),
			targetFace: 'data:image/png;base64,AAAA',
		});
		await postRecognition(current().url, recognitionBody());
		const { data } = await axios.get(`${current().url}/__emulator/requests`);
		expect(
			data.map((request: { path: string; body: unknown; status: number }) => [
				request.path,
				request.body,
				request.status,
			]),
		).toEqual([
			['/liveness', { faceImage: { ...imageFacts('selfie-ben.png'), format: 'png' } }, 200],
			[
				'/compare',
				{
					originFace: { ...imageFacts('id-ada.jpg'), format: 'jpeg' },
					targetFace: { problem: 'has a data: URL prefix', length: 26 },
				},
				400,
			],
			[
				'/recognition',
				{
					idImage: { ...imageFacts('id-ada.jpg'), format: 'jpeg' },
					idBackImage: { ...imageFacts('id-ada-back.jpg'), format: 'jpeg' },
					issuingCountry: 'USA',
					idType: 'drivers_license',
				},
				200,
			],
		]);
		expect(data.every((request: { transactionId?: string }) => request.transactionId)).toBe(true);
	});

	it('keeps names, birth dates, document numbers and addresses out of logs and recordings, but in answers and callbacks', async () => {
		const receiver = await startCallbackReceiver();
		try {
			const answers = await Promise.all(
				['id-ada.jpg', 'id-cy-expired.jpg', 'id-dee-minor.png'].map((fileName) =>
					postRecognition(current().url, recognitionBody({ idImage: familyImage(fileName) })),
				),
			);
			await postRecognition(
				current().url,
				recognitionBody({ callbackUrl: `${receiver.url}/hook` }),
			);
			await current().waitForCallbacks(1);

			const answered = answers.map((response) => response.data as string).join('\n');
			const delivered = JSON.stringify(receiver.received);
			const kept = JSON.stringify({ requests: current().requests, log: logLines });
			for (const value of personalValues()) {
				expect(kept).not.toContain(value);
			}
			for (const value of [
				'ADA SAMPLE',
				'19780923',
				'2015.05.20',
				'110 SAMPLE STREET, SPRINGFIELD',
			])
				expect(answered).toContain(value);
			expect(delivered).toContain('D1234567');
			expect(logLines.some((line) => line.startsWith('POST /recognition → 200'))).toBe(true);
		} finally {
			await receiver.close();
		}
	});

	it('counts every API against one account-wide limit of requests in flight', async () => {
		current().throttle(1);
		try {
			current().injectFaults([{ type: 'slow', ms: 400 }]);
			const slowDocument = postDocument(current().url, documentBody(sampleBytes('genuine.jpg')));
			await new Promise((resolve) => setTimeout(resolve, 100));
			const refused = await postLiveness(current().url, {
				faceImage: familyImage('selfie-ada.jpg'),
			});
			expect(refused.status).toBe(429);
			expect(jsonOf(refused)).toEqual({ message: 'Too Many Requests' });
			expect((await slowDocument).status).toBe(200);
		} finally {
			current().throttle(undefined);
		}
	});

	it.each([
		[{ type: 'status', status: 503 } as const, 503],
		[{ type: 'malformed', shape: 'page' } as const, 200],
	])('applies the gateway faults to the family too (%j)', async (fault, status) => {
		current().injectFaults([fault]);
		const response = await postCompare(current().url, {
			originFace: familyImage('id-ada.jpg'),
			targetFace: familyImage('selfie-ada.jpg'),
		});
		expect(response.status).toBe(status);
		expect(() => jsonOf(response).result.similarity).toThrow();
	});
});

describe('emulator CLI: response shapes', () => {
	const cli = path.join(__dirname, '..', '..', '..', 'emulator', 'cli.ts');
	const tsx = path.join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');

	function runCli(args: string[]) {
		const child = spawn(tsx, [cli, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
		const url = new Promise<string>((resolve, reject) => {
			child.stdout.on('data', () => {
				const match = /listening on (http:\/\/\S+)/.exec(output);
				if (match) resolve(match[1]);
			});
			void exited.then(() => reject(new Error(output)));
		});
		// A run that is meant to fail never reads the URL: its rejection is expected, not unhandled.
		url.catch(() => undefined);
		return { child, url, exited, output: () => output };
	}

	it('starts with --compare-shape faceMatch and answers compare in that shape', async () => {
		const run = runCli(['--api-key', 'test-key', '--compare-shape', 'faceMatch']);
		try {
			const response = await postCompare(await run.url, {
				originFace: familyImage('id-ada.jpg'),
				targetFace: familyImage('selfie-ben.png'),
			});
			expect(jsonOf(response).result.faceMatch.similarity).toBe(0.11);
		} finally {
			run.child.kill('SIGTERM');
			await run.exited;
		}
	}, 30_000);

	it('refuses an unknown --recognition-shape and exits 1 with the reason', async () => {
		const run = runCli(['--recognition-shape', 'flat']);
		expect(await run.exited).toBe(1);
		expect(run.output()).toMatch(/recognition answers in one of data, documentInfo, not "flat"/);
	}, 30_000);
});
