/**
 * Callback URLs Argos can never call are refused before the check is sent (and billed): credentials in the URL
 * and whitespace always; loopback, private, link-local and local-only hosts when the credential's Base URL is
 * Argos on the internet. Against the local emulator those hosts are where callbacks go, so they stay allowed.
 */
import {
	imageItem,
	runArgos,
	startTestBed,
	type ArgosTestBed,
	ARGOS,
} from './support/argosTestBed';
import { runSubmitAndWait } from './support/callbackWorkflows';

/** Public by its name, and never resolved: a request that got through would fail, not reach anyone. */
const PUBLIC_ARGOS = 'https://argos.invalid/modules';

function callbackMode(callbackUrl: string) {
	return { operation: 'sendToCallbackUrl', callbackUrl, options: { maxRetries: 0 } };
}

describe('against the local emulator', () => {
	let bed: ArgosTestBed;
	beforeAll(async () => (bed = await startTestBed()));
	afterAll(async () => await bed.close());
	beforeEach(() => bed.emulator.reset());

	it.each([
		[
			'a user name and password',
			'http://argos:secret@127.0.0.1:9/webhook/cb',
			'The Callback URL is not usable: it holds a user name or password before the host ("user:password@"): Argos does not log in to a callback URL, and would receive them in clear',
		],
		[
			'a space in the path',
			'http://127.0.0.1:9/webhook/my callback',
			'The Callback URL is not usable: it contains whitespace at character 30: a URL cannot hold a space, and encoding it on the way would reach another path',
		],
	])('refuses %s, and sends nothing', async (_case, url, message) => {
		const execution = await runArgos(
			bed.harness,
			[await imageItem(bed.harness, 'genuine.jpg')],
			callbackMode(url),
		);
		expect(execution.error?.message).toBe(message);
		expect(execution.error?.description).toMatch(/^Set an absolute https:\/\/ URL/);
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it.each([
		[
			'a Reference over 512 characters',
			'x'.repeat(513),
			'The Reference is 513 characters long; a callback link carries at most 512',
		],
		[
			'a Reference cut in the middle of an emoji',
			'case \ud83d',
			'The Reference has a broken character at position 6 (half of an emoji or other character written in two parts)',
		],
	])('refuses %s before sending, naming the item', async (_case, reference, message) => {
		const execution = await runArgos(
			bed.harness,
			[await imageItem(bed.harness, 'genuine.jpg'), await imageItem(bed.harness, 'genuine.jpg')],
			{
				...callbackMode('http://127.0.0.1:9/webhook/cb'),
				reference: `={{ $itemIndex === 1 ? ${JSON.stringify(reference)} : "ok" }}`,
			},
		);
		expect(execution.error?.message).toBe(message);
		expect(execution.error?.context?.itemIndex).toBe(1);
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it('accepts a loopback callback URL, since Argos is local too', async () => {
		const execution = await runArgos(
			bed.harness,
			[await imageItem(bed.harness, 'genuine.jpg')],
			callbackMode('http://127.0.0.1:9/webhook/cb'),
		);
		expect(execution.output(ARGOS)[0].json.status).toBe('accepted');
		expect(bed.emulator.requests).toHaveLength(1);
	});
});

describe('when the Base URL is Argos on the internet', () => {
	let bed: ArgosTestBed;
	beforeAll(async () => (bed = await startTestBed({ credential: { baseUrl: PUBLIC_ARGOS } })));
	afterAll(async () => await bed.close());

	it.each([
		['http://localhost:5678/webhook/cb', '"localhost" names the machine that calls it'],
		['http://127.0.0.1:5678/webhook/cb', '127.0.0.1 is in 127.0.0.0/8, "Loopback"'],
		[
			'http://[64:ff9b::169.254.169.254]/latest/meta-data',
			'[64:ff9b::a9fe:a9fe] carries the IPv4 address 169.254.169.254 (64:ff9b::/96',
		],
		['http://198.18.0.1/webhook/cb', '198.18.0.1 is in 198.18.0.0/15, "Benchmarking"'],
		['http://192.168.1.20:5678/webhook/cb', '192.168.1.20 is in 192.168.0.0/16, "Private-Use"'],
		['http://n8n:5678/webhook/cb', '"n8n" has no domain'],
	])('refuses %s before sending', async (url, reason) => {
		const execution = await runArgos(
			bed.harness,
			[await imageItem(bed.harness, 'genuine.jpg')],
			callbackMode(url),
		);
		expect(execution.error?.name).toBe('NodeOperationError');
		expect(execution.error?.message).toMatch(
			new RegExp(`^The Callback URL is not usable: ${reason.replace(/[.()[\]/]/g, '\\$&')}.*$`),
		);
	});
});

describe("Submit and Wait: n8n's own resume URL, when the Base URL is Argos on the internet", () => {
	it.each([
		['http://localhost:5678/', '"localhost" names the machine that calls it'],
		['http://[0:0:0:0:0:0:0:1]:5678/', '[::1] is in ::1/128, "Loopback Address"'],
		[
			'http://[64:ff9b::169.254.169.254]/',
			'[64:ff9b::a9fe:a9fe] carries the IPv4 address 169.254.169.254 (64:ff9b::/96',
		],
		['https://198.18.0.1/', '198.18.0.1 is in 198.18.0.0/15, "Benchmarking"'],
	])(
		'refuses WEBHOOK_URL %s before sending, naming the host and the block',
		async (baseUrl, reason) => {
			const bed = await startTestBed({
				credential: { baseUrl: PUBLIC_ARGOS },
				webhookBaseUrl: baseUrl,
			});
			try {
				const execution = await runSubmitAndWait(bed.harness, [
					await imageItem(bed.harness, 'genuine.jpg'),
				]);
				expect(execution.status).toBe('error');
				expect(execution.error?.message).toContain(
					`Argos could not call this execution back: ${reason}`,
				);
				expect(execution.error?.description).toMatch(/Set n8n's WEBHOOK_URL to the public address/);
				expect(execution.error?.context?.itemIndex).toBe(0);
			} finally {
				await bed.close();
			}
		},
	);
});
