/**
 * The packed package in a real n8n: what the tarball holds, that n8n loads the nodes and the credential from a
 * custom folder and when installed by hand as the user guide says, and what n8n's own credential test answers.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, readdirSync, readFileSync } from 'fs';
import * as path from 'path';

import {
	createN8nHome,
	getFreePort,
	N8nRestClient,
	removeHome,
	startN8n,
	type RunningN8n,
} from '../../tools/n8n';
import {
	EMULATOR_API_KEY,
	EXAMPLE_CREDENTIAL,
	PACKAGE_NAME,
	packageDir,
	startArgosStack,
	type ArgosStack,
} from '../../tools/argos-stack/argosStack';

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

	it("answers a Base URL where nothing listens with n8n's bare code (the dialog's hint explains it), never the key", async () => {
		const apiKey = 'key-for-a-refused-connection-4f2a';
		const result = await stack.rest.testCredential({
			name: 'Argos (nothing listens)',
			type: 'argosIdentityApi',
			data: { apiKey, baseUrl: `http://127.0.0.1:${await getFreePort()}`, callbackSecret: '' },
		});
		// n8n 2.40 turns a network failure of a declarative test into the error's code before reading its rules.
		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
		expect(JSON.stringify(result)).not.toContain(apiKey);
	});
});

/** The user guide's "npm, by hand" command: `cd ~/.n8n/nodes && npm install … n8n-nodes-argos-id-liveness`. */
function userGuideInstallCommand(): string[] {
	const guide = readFileSync(path.join(packageDir, 'README.md'), 'utf8');
	const found = guide.match(/`cd ~\/\.n8n\/nodes && (npm install [^`]*)`/);
	if (found === null)
		throw new Error('the user guide has no "cd ~/.n8n/nodes && npm install" line');
	return found[1].split(' ');
}

describe('installed by hand in ~/.n8n/nodes, as the user guide says', () => {
	let n8n: RunningN8n;
	let nodesDir: string;
	beforeAll(async () => {
		const home = await createN8nHome();
		nodesDir = path.join(home.userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		const [npm, ...args] = userGuideInstallCommand();
		// The packed tarball stands in for the registry's copy: the same files, the same package.json.
		execFileSync(
			npm,
			args.map((arg) => (arg === PACKAGE_NAME ? stack.packed.tarball : arg)),
			{ cwd: nodesDir, stdio: 'pipe' },
		);
		n8n = await startN8n({ home });
	});
	afterAll(async () => {
		await n8n?.stop();
		if (n8n) removeHome(n8n);
	});

	it('installs the package alone: not n8n-workflow, its peer (whose isolated-vm does not build on Node 20)', () => {
		expect(readdirSync(path.join(nodesDir, 'node_modules')).sort()).toEqual([
			'.package-lock.json',
			PACKAGE_NAME,
		]);
	});

	it('n8n loads both nodes and the credential from there, and its credential test works', async () => {
		const rest = await N8nRestClient.signIn(n8n.baseUrl);
		expect(await rest.getNodeType(`${PACKAGE_NAME}.argosIdLiveness`, 2)).toMatchObject({
			displayName: 'Argos ID Liveness',
		});
		expect(await rest.getNodeType(`${PACKAGE_NAME}.argosIdLivenessTrigger`, 1)).toMatchObject({
			displayName: 'Argos ID Liveness Trigger',
		});
		expect(
			await rest.testCredential({
				name: 'Argos (npm)',
				type: 'argosIdentityApi',
				data: { apiKey: EMULATOR_API_KEY, baseUrl: stack.emulator.url, callbackSecret: '' },
			}),
		).toEqual({ status: 'OK', message: 'Connection successful!' });
	});
});
