/**
 * The action node as an AI Agent tool in a real n8n 2.40.7, without a language model: n8n's own Tool Executor
 * (`@n8n/n8n-nodes-langchain.toolExecutor`, the node n8n runs a tool with when there is no agent) calls the tool n8n
 * builds from the node (`argosIdLivenessTool`), with the arguments a model would give. The Image URL is a $fromAI
 * field; the photo comes from a loopback server; what comes back is what an agent would receive.
 */
import { executionErrorMessage, nodeOutput, type ExecutionDetail } from '../../tools/n8n';
import {
	EXAMPLE_CREDENTIAL,
	startArgosStack,
	type ArgosStack,
} from '../../tools/argos-stack/argosStack';
import { startImageServer, type ImageServer } from '../../tools/n8n/imageServer';
import { loadSamples } from '../../tools/argos-stack/sampleImages';
import { postCallback } from '../../tools/argos-stack/triggerCallbacks';

const TOOL_TYPE = 'CUSTOM.argosIdLivenessTool';
const TOOL = 'Check ID photo';
const EXECUTOR = 'Tool Executor';
const PATH = 'argos-as-tool';

/** Webhook → Tool Executor, with the Argos tool on its ai_tool input, its Image URL left to the model. */
function toolWorkflow(): Record<string, unknown> {
	return {
		name: 'Argos ID Liveness as an AI tool',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'hook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: `${PATH}-webhook`,
				parameters: { httpMethod: 'POST', path: PATH, responseMode: 'onReceived', options: {} },
			},
			{
				id: 'executor',
				name: EXECUTOR,
				type: '@n8n/n8n-nodes-langchain.toolExecutor',
				typeVersion: 1,
				position: [300, 0],
				// the arguments a model would pass, by tool name (n8n's tool name of the node "Check ID photo")
				parameters: {
					query: '={{ JSON.stringify({ Check_ID_photo: $json.body.toolArguments }) }}',
				},
			},
			{
				id: 'tool',
				name: TOOL,
				type: TOOL_TYPE,
				typeVersion: 2,
				position: [300, 200],
				// no Image Source: as a tool the node's only one, and so its default, is the Image URL
				parameters: {
					operation: 'waitForResult',
					imageUrl:
						"={{ $fromAI('photoUrl', 'The http(s) link to the photo of the ID document', 'string') }}",
					options: { maxRetries: 0 },
				},
				credentials: {
					argosIdentityApi: { id: EXAMPLE_CREDENTIAL.id, name: EXAMPLE_CREDENTIAL.name },
				},
			},
		],
		connections: {
			Webhook: { main: [[{ node: EXECUTOR, type: 'main', index: 0 }]] },
			[TOOL]: { ai_tool: [[{ node: EXECUTOR, type: 'ai_tool', index: 0 }]] },
		},
	};
}

let stack: ArgosStack;
let photos: ImageServer;
let workflowId: string;
beforeAll(async () => {
	const sample = await loadSamples();
	photos = await startImageServer({ '/genuine.jpg': { bytes: sample('genuine.jpg').content } });
	stack = await startArgosStack();
	workflowId = (await stack.rest.createAndActivateWorkflow(toolWorkflow())).id;
});
afterAll(async () => {
	await stack?.stop();
	await photos?.close();
});
beforeEach(() => stack.emulator.reset());

/** Calls the tool with `toolArguments` (as a model would) and returns the execution once it has ended. */
async function callTool(toolArguments: Record<string, unknown>): Promise<ExecutionDetail> {
	const [previous] = await stack.rest.listExecutions({ workflowId });
	const answer = await postCallback(stack.n8n.webhookUrl(PATH), { toolArguments });
	expect(answer.status).toBe(200);
	return await stack.rest.waitForExecution({
		workflowId,
		afterExecutionId: previous?.id,
		status: ['success', 'error'],
	});
}

describe('the action node as an AI Agent tool', () => {
	it('checks the photo behind the URL the model gives ($fromAI) and returns the verdict to the agent', async () => {
		const execution = await callTool({ photoUrl: `${photos.url}/genuine.jpg` });
		expect(executionErrorMessage(execution.data)).toBeUndefined();
		// what the agent receives: the node's output items as JSON text
		const [received] = nodeOutput(execution.data, EXECUTOR) as unknown as string[];
		expect(JSON.parse(received)).toEqual([
			expect.objectContaining({ verdict: 'pass', summary: 'Passed all 3 checks' }),
		]);
		expect(stack.emulator.requests).toHaveLength(1);
		// Downloaded once: the run keeps the photo its pre-flight checked for sending.
		expect(photos.requests.filter((path) => path === '/genuine.jpg')).toHaveLength(1);
	});

	it('tells the agent in words what was wrong with a link it made up, and spends nothing', async () => {
		const execution = await callTool({ photoUrl: 'photo-from-the-chat.jpg' });
		expect(executionErrorMessage(execution.data)).toBe(
			'Error executing tool: The Image URL is not usable: "photo-from-the-chat.jpg" is not an absolute URL\n\nDetails: Set "Image URL" to an absolute http:// or https:// link to the ID photo (JPEG or PNG), e.g. {{ $json.photoUrl }}.',
		);
		expect(stack.emulator.requests).toHaveLength(0);
	});
});
