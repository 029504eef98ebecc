/**
 * The packed package in a real n8n: what the tarball holds, that n8n loads the nodes and the credential from a
 * custom folder, and that n8n's own credential test tells a working key from a rejected one.
 */
import {
	EMULATOR_API_KEY,
	EXAMPLE_CREDENTIAL,
	startArgosStack,
	type ArgosStack,
} from '../../tools/n8n/argosStack';

let stack: ArgosStack;
beforeAll(async () => (stack = await startArgosStack()));
afterAll(async () => await stack?.stop());

describe('the package in a real n8n', () => {
	it('packs only dist/, the README, the LICENSE and package.json', () => {
		const outside = stack.packed.files.filter((file) => !file.startsWith('package/dist/'));
		expect(outside.sort()).toEqual([
			'package/LICENSE',
			'package/README.md',
			'package/package.json',
		]);
		expect(stack.packed.files).toEqual(
			expect.arrayContaining([
				'package/dist/credentials/ArgosIdentityApi.credentials.js',
				'package/dist/nodes/ArgosIdLiveness/ArgosIdLiveness.node.js',
				'package/dist/nodes/ArgosIdLiveness/ArgosIdLiveness.node.json',
				'package/dist/nodes/ArgosIdLiveness/argosIdLiveness.svg',
				'package/dist/nodes/ArgosIdLivenessTrigger/ArgosIdLivenessTrigger.node.js',
			]),
		);
		expect(stack.packed.files.filter((file) => /emulator|test\/|samples\//.test(file))).toEqual([]);
	});

	it('loads both nodes', async () => {
		expect(await stack.rest.getNodeType('CUSTOM.argosIdLiveness', 1)).toMatchObject({
			displayName: 'Argos ID Liveness',
		});
		expect(await stack.rest.getNodeType('CUSTOM.argosIdLivenessTrigger', 1)).toMatchObject({
			displayName: 'Argos ID Liveness Trigger',
		});
	});

	it('passes the credential test with the emulator key, without spending a paid call', async () => {
		stack.emulator.reset();
		expect(await stack.rest.testStoredCredential(EXAMPLE_CREDENTIAL.id)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		// No image: the key was checked, nothing was analysed and no check was spent (the emulator answered 1005).
		expect(
			stack.emulator.requests.map((request) => [
				request.headers['x-api-key'],
				request.body,
				request.status,
			]),
		).toEqual([[EMULATOR_API_KEY, { idImage: { problem: 'empty', length: 0 } }, 400]]);
	});

	it('fails the credential test with another key, in plain words', async () => {
		const result = await stack.rest.testCredential({
			name: 'Argos (wrong key)',
			type: 'argosIdentityApi',
			data: { apiKey: `not-${EMULATOR_API_KEY}`, baseUrl: stack.emulator.url, callbackSecret: '' },
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^Argos rejected this API key \(1001 Workspace is unavailable\)/,
		);
	});

	it('fails the credential test when the Base URL does not lead to the API, or access is refused', async () => {
		const wrongUrl = await stack.rest.testCredential({
			name: 'Argos (wrong URL)',
			type: 'argosIdentityApi',
			data: {
				apiKey: EMULATOR_API_KEY,
				baseUrl: `${stack.emulator.url}/elsewhere`,
				callbackSecret: '',
			},
		});
		expect(wrongUrl).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^Argos has no ID Liveness API at this Base URL/),
		});
		stack.emulator.injectFaults([{ type: 'status', status: 403 }]);
		expect(await stack.rest.testStoredCredential(EXAMPLE_CREDENTIAL.id)).toEqual({
			status: 'Error',
			message: expect.stringContaining('Argos refused access (HTTP 403)'),
		});
	});
});
