/**
 * The credential's "Test" button, through n8n-core's own credential-test context (the one n8n's
 * credentials tester gives a node's credentialTest method), against the emulator.
 */
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialsDecrypted, ICredentialTestFunctions, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator';
import { ArgosIdLiveness } from '../../nodes/ArgosIdLiveness/ArgosIdLiveness.node';
import { ArgosIdLivenessTrigger } from '../../nodes/ArgosIdLivenessTrigger/ArgosIdLivenessTrigger.node';
import { createHarness, type N8nHarness } from '../support/harness';

let emulator: Emulator;
let harness: N8nHarness;
beforeAll(async () => {
	emulator = await startEmulator({ apiKey: 'right-key' });
	// n8n's services (instance settings, logger) must be set up before its contexts are built.
	harness = await createHarness({ nodeTypes: {}, credentialTypes: [], credentials: {} });
});
afterAll(async () => {
	await harness.close();
	await emulator.close();
});
beforeEach(() => emulator.reset());

async function testCredential(data: Record<string, string>, node: ArgosIdLiveness | ArgosIdLivenessTrigger = new ArgosIdLiveness()) {
	const [{ testedBy }] = node.description.credentials!;
	const context = new CredentialTestContext({} as IWorkflowExecuteAdditionalData) as unknown as ICredentialTestFunctions;
	const credential: ICredentialsDecrypted = { id: '1', name: 'Argos', type: 'argosIdentityApi', data };
	return await node.methods.credentialTest[testedBy as 'argosIdentityApiKeyTest'].call(context, credential);
}

describe('credential test', () => {
	it('passes with a working key, without sending an image', async () => {
		expect(await testCredential({ apiKey: 'right-key', baseUrl: emulator.url })).toEqual({
			status: 'OK',
			message: 'Argos accepted the API key (checked without sending an image; no check was spent).',
		});
		expect(emulator.requests).toHaveLength(1);
		expect(emulator.requests[0].body).toEqual({});
		expect(emulator.requests[0].headers['x-api-key']).toBe('right-key');
	});

	it('fails in plain words with a rejected key', async () => {
		const result = await testCredential({ apiKey: 'wrong-key', baseUrl: `${emulator.url}/` });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Argos rejected this API key \(1001 Workspace is unavailable\)/);
		expect(result.message).not.toContain('wrong-key');
	});

	it('says when the base URL does not lead to Argos', async () => {
		const notArgos = await testCredential({ apiKey: 'right-key', baseUrl: `${emulator.url}/elsewhere` });
		expect(notArgos).toMatchObject({ status: 'Error', message: expect.stringContaining('Unexpected answer from Argos (HTTP 404)') });
		const unreachable = await testCredential({ apiKey: 'right-key', baseUrl: 'http://127.0.0.1:9' });
		expect(unreachable).toMatchObject({ status: 'Error', message: expect.stringContaining('Could not reach Argos at http://127.0.0.1:9/document') });
	});

	it('is offered by the trigger too', async () => {
		expect(await testCredential({ apiKey: 'right-key', baseUrl: emulator.url }, new ArgosIdLivenessTrigger())).toMatchObject({ status: 'OK' });
	});
});
