/**
 * The request governor in a real n8n: every execution of the node sends through one governor per Argos account,
 * so executions started together (form posts, webhook calls) share what it learnt of the rate limit. The emulator
 * accepts 3 requests in flight and answers 429 with Retry-After: 1 beyond that.
 */
import { nodeOutput } from '../../tools/n8n';
import { startArgosStack, type ArgosStack } from '../../tools/argos-stack/argosStack';
import { postRawFile } from '../../tools/n8n/binaryUpload';
import { livenessWorkflow, NODE } from '../../tools/argos-stack/livenessWorkflow';
import { loadSamples } from '../../tools/argos-stack/sampleImages';

const CAP = 3;
let stack: ArgosStack;
let workflowId: string;
let photo: Buffer;

beforeAll(async () => {
	photo = (await loadSamples())('genuine.jpg').content;
	stack = await startArgosStack({
		emulator: { maxConcurrent: CAP, retryAfterSeconds: 1, latencyMs: 200 },
	});
	workflowId = (
		await stack.rest.createAndActivateWorkflow(
			livenessWorkflow({ name: 'One upload', path: 'governed', upload: 'raw' }),
		)
	).id;
});
afterAll(async () => await stack?.stop());

/** Posts `count` uploads at once and waits until n8n has finished all their executions. */
async function uploadTogether(count: number) {
	const before = await stack.rest.listExecutions({ workflowId });
	const answers = await Promise.all(
		Array.from({ length: count }, (_, n) =>
			postRawFile(stack.n8n.webhookUrl('governed'), {
				fileName: `id-${n}.jpg`,
				mimeType: 'image/jpeg',
				content: photo,
			}),
		),
	);
	expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
	const seen = new Set(before.map((execution) => execution.id));
	for (let waited = 0; ; waited += 500) {
		const executions = (await stack.rest.listExecutions({ workflowId })).filter(
			(execution) => !seen.has(execution.id),
		);
		const finished = executions.filter((execution) => execution.stoppedAt !== null);
		if (finished.length === count) return finished;
		if (waited > 120_000) throw new Error(`${finished.length} of ${count} executions finished`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

async function verdicts(executionIds: string[]) {
	const verdicts: unknown[] = [];
	for (const id of executionIds) {
		const execution = await stack.rest.getExecution(id);
		const [item] = nodeOutput(execution.data, NODE.argos);
		verdicts.push(item?.error ?? item?.verdict);
	}
	return verdicts;
}

describe('one governor per Argos account in a real n8n', () => {
	it('checks every upload of executions started together, however low the limit, and learns it once for all', async () => {
		// The first wave teaches the governor the limit (some 429s on the way, none failing an item).
		stack.emulator.reset();
		const first = await uploadTogether(12);
		expect(first.map((execution) => execution.status)).toEqual(first.map(() => 'success'));
		expect(await verdicts(first.map((execution) => execution.id))).toEqual(first.map(() => 'pass'));

		// The second wave starts from what the first learnt. Executions with governors of their own would each send
		// at once and be refused about as often as answered; a shared governor keeps to the limit and is refused
		// only now and then, when it tries one more.
		stack.emulator.reset();
		const second = await uploadTogether(24);
		expect(await verdicts(second.map((execution) => execution.id))).toEqual(
			second.map(() => 'pass'),
		);
		const statuses = stack.emulator.requests.map((request) => request.status);
		expect(statuses.filter((status) => status === 200)).toHaveLength(24);
		expect(statuses.filter((status) => status === 429).length).toBeLessThanOrEqual(5);
	});
});
