/**
 * The editor in a real browser: n8n 2.40.7 with the packed package, in headless Chromium (tools/browser), signed in
 * as the owner. Fails on any console error in the editor, and on a parameter the node panel does not draw.
 * Needs Debian's chromium package (installed with apt-get when missing and running as root).
 */
import type { INodeTypeDescription } from 'n8n-workflow';

import { N8nEditor, newWorkflow } from '../../tools/browser/editor';
import { expectedInputs, nodesForEveryCombination } from '../../tools/browser/nodePanels';
import {
	asCustomNodes,
	EXAMPLE_CREDENTIAL,
	exampleFiles,
	readExample,
} from '../../tools/argos-stack/argosStack';
import { startExampleStack, type ExampleStack } from '../../tools/argos-stack/exampleStack';
import { getFreePort } from '../../tools/n8n/freePort';
import { NETWORK_FAILURE_HINT } from '../../package/credentials/ArgosIdentityApi.credentials';

const KYC = 'kyc-intake.json';
const NODE_TYPES = ['CUSTOM.argosIdLiveness', 'CUSTOM.argosIdLivenessTrigger'];

let examples: ExampleStack;
let editor: N8nEditor;
beforeAll(async () => {
	examples = await startExampleStack({ files: [KYC] });
	editor = await N8nEditor.signIn(examples.stack.n8n.baseUrl);
});
afterAll(async () => {
	await editor?.close();
	await examples?.stop();
});
afterEach(() => expect(editor.consoleErrors).toEqual([]));

async function description(type: string): Promise<INodeTypeDescription> {
	const [found] = await examples.stack.rest.request<INodeTypeDescription[]>(
		'POST',
		'/rest/node-types',
		{ nodeInfos: [{ name: type, version: 1 }] },
	);
	return found;
}

describe('the nodes panel', () => {
	it("lists the action node's operations as actions grouped by resource, and the trigger beside them, when a user searches for Argos", async () => {
		await editor.openWorkflow(examples.workflowIds[KYC]);
		// n8n lists a trigger named like an action node inside that node's entry, once the node has actions
		expect(await editor.nodeActions('Argos', 'Argos ID Liveness')).toEqual({
			found: ['Argos ID Liveness'],
			categories: {
				// version 3: n8n labels each resource's operations "<resource> Actions", resources in their options' order
				Actions: {
					'Face Compare Actions': [
						'Compare two faces',
						'Compare two faces and send the result to a callback URL',
						'Compare two faces and wait for the callback',
					],
					'Face Liveness Actions': ['Check a selfie for liveness'],
					'ID Liveness Actions': [
						'Analyze an ID document',
						'Analyze an ID document and send the result to a URL',
						'Analyze an ID document and pause until Argos calls back',
					],
					'ID Recognition Actions': [
						'Read an ID document',
						'Read an ID document and send the result to a URL',
						'Read an ID document and pause until Argos calls back',
					],
				},
				Triggers: [expect.any(String)],
			},
		});
	});
});

describe('"What happens next?" (the panel after a node)', () => {
	it('describes the Argos entry by what the package does, not as the trigger it merges in', async () => {
		const workflow = await examples.stack.rest.createWorkflow(
			newWorkflow('What happens next', 'Start'),
		);
		await editor.openWorkflow(workflow.id);
		const action = await description(NODE_TYPES[0]);
		expect(await editor.whatHappensNext('Start', 'Argos')).toEqual([
			{ name: 'Argos ID Liveness', description: action.description },
		]);
		expect(action.description).toMatch(/^Check ID document photos for forgery/);
	});
});

describe('the examples on the canvas', () => {
	it.each(exampleFiles())('%s: its sticky note shows all its text', async (file) => {
		const imported = await examples.stack.rest.createWorkflow(asCustomNodes(readExample(file)));
		await editor.openWorkflow(imported.id);
		expect(await editor.overflowingStickyNotes()).toEqual([]);
	});
});

describe("the nodes' panels", () => {
	it("the KYC example's Argos node opens with its credential and parameters", async () => {
		await editor.openWorkflow(examples.workflowIds[KYC]);
		const panel = await editor.openNode('Argos ID Liveness');
		await expect(
			panel.locator('[data-test-id="node-credentials-select"] input').inputValue(),
		).resolves.toBe(EXAMPLE_CREDENTIAL.name);
		expect(await editor.renderedParameters()).toEqual(
			expect.arrayContaining(['operation', 'imageSource', 'binaryPropertyName']),
		);
	});

	it('draw every parameter n8n shows, in every version, for every resource and operation (or mode) and image source, every option set', async () => {
		const nodes = [];
		const expected: Record<string, string[]> = {};
		for (const type of NODE_TYPES) {
			const served = await description(type);
			for (const node of nodesForEveryCombination(served, type)) {
				const name = `${served.displayName}${node.name ? `: ${node.name}` : ''}`;
				expected[name] = expectedInputs(served, node);
				nodes.push({
					...node,
					name,
					id: `node-${nodes.length}`,
					position: [(nodes.length % 4) * 300, Math.floor(nodes.length / 4) * 250],
					credentials: { argosIdentityApi: EXAMPLE_CREDENTIAL },
				});
			}
		}
		// action node: the 3 modes of versions 1 and 2, and version 3's 5 resource operations, each image source of
		// each resource at least once (15); trigger: its failed-analyses choices (3)
		expect(nodes.length).toBeGreaterThanOrEqual(18);
		const workflow = await examples.stack.rest.createWorkflow({
			name: 'Every panel of the Argos nodes',
			nodes,
			connections: {},
			settings: {},
		});

		await editor.openWorkflow(workflow.id);
		const notDrawn: Record<string, string[]> = {};
		const cutOff: Record<string, string[]> = {};
		for (const name of Object.keys(expected)) {
			await editor.openNode(name);
			const rendered = await editor.renderedParameters();
			const missing = expected[name].filter((parameter) => !rendered.includes(parameter));
			if (missing.length > 0) notDrawn[name] = missing;
			// At the panel's default width, no label or option is cut off ("Minimum Screen Replay Sc…").
			const truncated = await editor.truncatedTexts();
			if (truncated.length > 0) cutOff[name] = truncated;
			await editor.closeNode();
		}
		expect(notDrawn).toEqual({});
		expect(cutOff).toEqual({});
	});
});

describe('guidance in the panels', () => {
	/** A workflow of one node per node sketch, opened in the editor. */
	async function openSketches(
		sketches: Array<{
			name: string;
			type: string;
			parameters: Record<string, unknown>;
			typeVersion?: number;
		}>,
	) {
		const workflow = await examples.stack.rest.createWorkflow({
			name: `Guidance ${sketches.map((sketch) => sketch.name).join(', ')}`,
			nodes: sketches.map((sketch, index) => ({
				typeVersion: 1,
				...sketch,
				id: `guidance-${index}`,
				position: [index * 300, 0],
				credentials: { argosIdentityApi: EXAMPLE_CREDENTIAL },
			})),
			connections: {},
			settings: {},
		});
		await editor.openWorkflow(workflow.id);
	}

	it('Send Result to Callback URL and Submit and Wait say that Argos must reach this n8n (WEBHOOK_URL); the callback fields come right under the mode', async () => {
		await openSketches([
			{ name: 'Callback', type: NODE_TYPES[0], parameters: { mode: 'sendToCallbackUrl' } },
			{ name: 'Wait', type: NODE_TYPES[0], parameters: { mode: 'submitAndWait' } },
			{ name: 'Sync', type: NODE_TYPES[0], parameters: { mode: 'waitForResult' } },
		]);

		await editor.openNode('Callback');
		let text = await editor.parametersText();
		expect(text).toContain('WEBHOOK_URL');
		expect(text).toContain('Argos POSTs the result to the Callback URL from the internet');
		expect((await editor.renderedParameters()).slice(0, 3)).toEqual([
			'mode',
			'callbackUrl',
			'reference',
		]);
		await editor.closeNode();

		await editor.openNode('Wait');
		text = await editor.parametersText();
		expect(text).toContain('WEBHOOK_URL');
		expect(text).toContain("this execution's resume URL");
		expect(text).toContain('one item per execution');
		expect(text).toContain('Options: Wait Limit (Minutes)');
		expect(text).not.toContain('Limit Wait Time');
		await editor.closeNode();

		// A Reference in every mode; no reachability notice where Argos answers at once.
		await editor.openNode('Sync');
		expect(await editor.renderedParameters()).toContain('reference');
		expect(await editor.parametersText()).not.toContain('WEBHOOK_URL');
		await editor.closeNode();
	});

	it("Submit and Wait's notice names the wait limit option of the node's version only", async () => {
		await openSketches([
			{
				name: 'Wait v2',
				type: NODE_TYPES[0],
				typeVersion: 2,
				parameters: { operation: 'submitAndWait' },
			},
		]);
		await editor.openNode('Wait v2');
		const text = await editor.parametersText();
		expect(text).toContain('Options: Limit Wait Time');
		expect(text).not.toContain('Wait Limit (Minutes)');
		expect(text).not.toContain('version 1');
		await editor.closeNode();
	});

	it('the trigger\'s panel says where its event comes from, not n8n\'s generic "create an event"', async () => {
		await openSketches([{ name: 'Results', type: NODE_TYPES[1], parameters: {} }]);
		await editor.openNode('Results');
		expect(await editor.triggerHeader()).toBe(
			'Send a document from an Argos ID Liveness node to this trigger',
		);
		expect(await editor.page.locator('[data-test-id="ndv"]').innerText()).not.toMatch(
			/create an event/i,
		);
		const text = await editor.parametersText();
		expect(text).toContain('Failed Analyses Output');
		await editor.closeNode();
	});
});

describe('the credential dialog', () => {
	it('says what to check when n8n cannot reach the Base URL (n8n itself says only ECONNREFUSED)', async () => {
		const credentialId = await examples.stack.rest.createCredential({
			name: 'Argos (nothing listens)',
			type: 'argosIdentityApi',
			data: {
				apiKey: 'key-for-the-dialog',
				baseUrl: `http://127.0.0.1:${await getFreePort()}`,
				callbackSecret: '',
			},
		});
		const dialog = await editor.openCredential(credentialId);
		await dialog.getByText(/Couldn.t connect with these settings/).waitFor();
		const text = await dialog.innerText();
		expect(text).toContain(NETWORK_FAILURE_HINT);
		expect(text).not.toContain('key-for-the-dialog');
	});
});
