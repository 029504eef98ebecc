/**
 * Self-test of the e2e support library, with n8n's core nodes and a tiny custom extension written here (no package
 * of ours needed): each helper is used against a real n8n (the pinned 2.40.7, or N8N_VERSION), and stop() is checked
 * against `ps`.
 */
import axios from 'axios';
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import * as http from 'http';
import * as net from 'net';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import {
	createN8nHome,
	ensureRuntime,
	executeWorkflow,
	executionErrorMessage,
	importCredentials,
	importWorkflow,
	listProcesses,
	N8nRestClient,
	n8nVersionUnderTest,
	nodeOutput,
	processGroup,
	processTree,
	removeHome,
	startN8n,
	waitingWebhookUrl,
} from '../../tools/n8n';
import type { CliExecution, N8nHome, RunningN8n } from '../../tools/n8n';
import { writeSmokeExtension } from '../../tools/n8n/smokeCustomExtension';
import * as workflows from '../../tools/n8n/smokeWorkflows';

/** Stands in for a vendor API in the credential tests: 200 for the right key (any path), 401 otherwise. */
function startKeyCheckingServer(goodKey: string): Promise<http.Server> {
	const server = http.createServer((request, response) => {
		const ok = request.headers['x-n8n-api-key'] === goodKey;
		response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
		response.end(JSON.stringify(ok ? { ok: true } : { message: 'bad key' }));
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The CLI's exit code matches the run, unless it crashed on its way out after printing (see executeWorkflow). */
function expectExit(run: CliExecution, code: number): void {
	if (run.signal !== null)
		console.warn(`n8n execute died of ${run.signal} after printing its execution`);
	else expect(run.exitCode).toBe(code);
}

describe('e2e support library against a real n8n', () => {
	let keyServer: http.Server;
	let keyServerUrl: string;
	let extensionDir: string;
	let home: N8nHome;
	let n8n: RunningN8n;
	let rest: N8nRestClient;
	let credentialId: string;
	let manualWorkflowId: string;
	let failingWorkflowId: string;
	let customWorkflowId: string;

	beforeAll(async () => {
		keyServer = await startKeyCheckingServer('good-key');
		keyServerUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}`;

		extensionDir = mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-extension-'));
		writeSmokeExtension(extensionDir);

		// Seed the instance through the CLI before the server starts: the usual order for the e2e suite.
		home = await createN8nHome({ customExtensionsDir: extensionDir });
		[credentialId] = await importCredentials(home, [
			{ name: 'Key server', type: 'n8nApi', data: { apiKey: 'good-key', baseUrl: keyServerUrl } },
		]);
		manualWorkflowId = await importWorkflow(home, workflows.manualSet());
		failingWorkflowId = await importWorkflow(home, workflows.manualStopAndError());
		customWorkflowId = await importWorkflow(home, workflows.manualCustomNode());

		n8n = await startN8n({ home });
		rest = await N8nRestClient.signIn(n8n.baseUrl);
	});

	afterAll(async () => {
		await n8n?.stop();
		if (home) removeHome(home);
		if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
		keyServer?.close();
	});

	it('ensureRuntime gives the n8n asked for (N8N_VERSION, else the pinned one) and Node 24', async () => {
		const dir = await ensureRuntime();
		expect(dir).toBe(home.runtimeDir);
		expect(execFileSync(home.node, ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./);
		const pkg = JSON.parse(readFileSync(`${dir}/node_modules/n8n/package.json`, 'utf8')) as {
			version: string;
		};
		expect(pkg.version).toBe(n8nVersionUnderTest());
	});

	it('startN8n runs n8n and its task runner on Node 24, on loopback, logging to the user folder', async () => {
		expect(n8n.port).not.toBe(5679);
		expect(n8n.brokerPort).not.toBe(5679);
		expect((await axios.get(`${n8n.baseUrl}/healthz/readiness`)).data).toEqual({ status: 'ok' });
		expect(n8n.logs()).toContain('Editor is now accessible via');
		expect(n8n.logFile.startsWith(n8n.userFolder)).toBe(true);

		const tree = processTree(n8n.pid);
		expect(tree.length).toBeGreaterThanOrEqual(2); // n8n + its JavaScript task runner
		for (const p of tree)
			expect(execFileSync('readlink', [`/proc/${p.pid}/exe`], { encoding: 'utf8' }).trim()).toBe(
				home.node,
			);
		console.log(
			`n8n ready in ${n8n.startupMs} ms; memory ${Math.round(n8n.memoryKb() / 1024)} MiB (server + task runner)`,
		);
	});

	it('executeWorkflow runs an imported workflow through the CLI while the server runs', async () => {
		const run = await executeWorkflow(n8n, manualWorkflowId);
		expect(run.status).toBe('success');
		expectExit(run, 0);
		expect(nodeOutput(run.data, 'Set')).toEqual([{ greeting: 'hello', doubled: 42 }]);
		// The CLI wrote to the same database: the server lists that execution.
		const [listed] = await rest.listExecutions({ workflowId: manualWorkflowId });
		expect(listed).toMatchObject({ mode: 'cli', status: 'success' });
	});

	it('executeWorkflow returns a failed run with status error', async () => {
		const run = await executeWorkflow(n8n, failingWorkflowId);
		expect(run.status).toBe('error');
		expectExit(run, 1);
		expect(executionErrorMessage(run.data)).toBe('smoke test failure');
	});

	it('an activated Webhook workflow answers on its production URL; its execution reads back decoded', async () => {
		// Exported JSON may carry `active` and `versionId`: n8n ignores them on create.
		const workflow = await rest.createAndActivateWorkflow({
			...workflows.webhookEcho('smoke-echo'),
			active: true,
			versionId: 'stale',
		});
		expect(workflow.active).toBe(true);
		expect(workflow.activeVersionId).toBe(workflow.versionId);

		const response = await axios.post(n8n.webhookUrl('smoke-echo'), { name: 'Ada' });
		expect(response.data).toEqual({ hello: 'Ada' });

		const execution = await rest.waitForExecution({ workflowId: workflow.id, status: 'success' });
		expect(execution.mode).toBe('webhook');
		expect(nodeOutput(execution.data, 'Webhook')[0]).toMatchObject({ body: { name: 'Ada' } });
		expect(nodeOutput(execution.data, 'Reply')).toEqual([{ hello: 'Ada' }]);
	});

	it('a Wait node waits, then resumes through its resume URL (which needs the signature)', async () => {
		const workflow = await rest.createAndActivateWorkflow(workflows.webhookThenWait('smoke-wait'));
		await axios.post(n8n.webhookUrl('smoke-wait'), { step: 1 });

		const waiting = await rest.waitForExecution({ workflowId: workflow.id, status: 'waiting' });
		expect(waiting.waitTill).not.toBeNull();
		const resumeUrl = waitingWebhookUrl(n8n.baseUrl, waiting);
		// The URL the workflow itself sees as $execution.resumeUrl is the same one.
		expect(nodeOutput(waiting.data, 'Remember resume URL')[0].resumeUrl).toBe(resumeUrl);

		const unsigned = await axios.post(
			`${n8n.baseUrl}/webhook-waiting/${waiting.id}`,
			{},
			{ validateStatus: () => true },
		);
		expect(unsigned.status).toBe(401);

		const resumed = await axios.post(resumeUrl, { approved: true });
		expect(resumed.status).toBe(200);
		const done = await rest.waitForExecution({ executionId: waiting.id, status: 'success' });
		expect(nodeOutput(done.data, 'Wait')[0]).toMatchObject({ body: { approved: true } });
		expect(nodeOutput(done.data, 'After wait')).toEqual([{ resumed: true }]);
	});

	it('runManually runs a workflow like the editor button', async () => {
		const { executionId } = await rest.runManually(manualWorkflowId, 'Start');
		expect(executionId).toBeDefined();
		const execution = await rest.waitForExecution({ executionId, status: 'success' });
		expect(execution.mode).toBe('manual');
		expect(nodeOutput(execution.data, 'Set')[0].greeting).toBe('hello');
	});

	it('runManually on a Webhook trigger listens once on the test webhook URL', async () => {
		const workflow = await rest.createWorkflow(workflows.webhookEcho('smoke-test-hook'));
		expect(await rest.runManually(workflow.id, 'Webhook')).toEqual({ waitingForWebhook: true });
		const response = await axios.post(n8n.webhookTestUrl('smoke-test-hook'), { name: 'Grace' });
		expect(response.data).toEqual({ hello: 'Grace' });
		const execution = await rest.waitForExecution({ workflowId: workflow.id, status: 'success' });
		expect(execution.mode).toBe('manual');
		// Only once: the test registration is gone after one call.
		expect(
			(await axios.post(n8n.webhookTestUrl('smoke-test-hook'), {}, { validateStatus: () => true }))
				.status,
		).toBe(404);
	});

	it("testCredential and testStoredCredential run the credential type's test request", async () => {
		const base = { name: 'Key server', type: 'n8nApi' };
		expect(
			await rest.testCredential({ ...base, data: { apiKey: 'good-key', baseUrl: keyServerUrl } }),
		).toMatchObject({ status: 'OK' });
		expect(
			await rest.testCredential({ ...base, data: { apiKey: 'bad-key', baseUrl: keyServerUrl } }),
		).toMatchObject({ status: 'Error' });
		// Imported by the CLI before start: the server decrypts it with the same key.
		expect(await rest.testStoredCredential(credentialId)).toMatchObject({ status: 'OK' });
		const created = await rest.createCredential({
			...base,
			data: { apiKey: 'bad-key', baseUrl: keyServerUrl },
		});
		expect(await rest.testStoredCredential(created)).toMatchObject({ status: 'Error' });
	});

	it('a custom extension folder loads as CUSTOM.<name>; its node runs and its credential tests', async () => {
		// Looked up by its full type name; the description inside keeps the bare name.
		expect(await rest.getNodeType('CUSTOM.smokeHello', 1)).toMatchObject({
			name: 'smokeHello',
			displayName: 'Smoke Hello',
		});
		await expect(rest.getNodeType('CUSTOM.noSuchNode', 1)).rejects.toThrow(/HTTP/);
		const run = await executeWorkflow(n8n, customWorkflowId);
		expect(run.status).toBe('success');
		expect(nodeOutput(run.data, 'Hello')).toEqual([{ hello: 'custom' }]);
		const base = { name: 'Smoke', type: 'smokeHelloApi' };
		expect(
			await rest.testCredential({ ...base, data: { apiKey: 'good-key', baseUrl: keyServerUrl } }),
		).toMatchObject({ status: 'OK' });
		expect(
			await rest.testCredential({ ...base, data: { apiKey: 'bad-key', baseUrl: keyServerUrl } }),
		).toMatchObject({ status: 'Error' });
	});

	it('stop() ends n8n and every process it started', async () => {
		const own = processTree(n8n.pid).map((p) => p.pid);
		await n8n.stop();
		expect(own.length).toBeGreaterThanOrEqual(2);
		expect(listProcesses().filter((p) => own.includes(p.pid))).toEqual([]);
		expect(processGroup(n8n.pid)).toEqual([]);
		await expect(axios.get(`${n8n.baseUrl}/healthz`, { timeout: 2_000 })).rejects.toThrow();
		await n8n.stop(); // a second stop is harmless
	});

	it('startN8n fails with the log tail when n8n cannot start, and leaves nothing running', async () => {
		const blocker = net.createServer();
		await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
		const port = (blocker.address() as AddressInfo).port;
		const before = new Set(listProcesses().map((p) => p.pid));
		let message = '';
		try {
			message = await startN8n({ port, readyTimeoutMs: 60_000 }).then(
				() => 'started',
				(error: Error) => error.message,
			);
		} finally {
			blocker.close();
		}
		expect(message).toMatch(/^n8n exited before it was ready/);
		expect(message).toContain(`n8n's port ${port} is already in use`); // from the log tail
		// Processes of this runtime only: another n8n on the machine (another version, another checkout) may start meanwhile.
		const leftovers = listProcesses().filter(
			(p) => !before.has(p.pid) && p.args.includes(home.runtimeDir),
		);
		expect(leftovers).toEqual([]);
		// The failed home is kept for its log; this test has read it.
		const logFile = /--- last lines of (\S+) ---/.exec(message)?.[1] ?? '';
		expect(existsSync(logFile)).toBe(true);
		rmSync(path.dirname(logFile), { recursive: true, force: true });
	});
});
