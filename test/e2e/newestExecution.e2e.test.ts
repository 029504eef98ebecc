/**
 * The "newest execution" every round of the reliability matrices and several tests count from. n8n lists finished
 * executions newest *started* first when no status is given, and under load an execution created before another can
 * start after it: the crash matrix then counted an execution of the round before as one of its own (measured: "success
 * 11, crashed 9" for 10 callbacks). The start order load produces is set here in the database, as n8n would write it.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { N8nRestClient, removeHome, startN8n } from '../../tools/n8n';
import type { RunningN8n } from '../../tools/n8n';
import { pollUntil } from '../../tools/n8n/poll';

/** Runs in the n8n runtime's Node 24 (node:sqlite): execution `later` gets a start 5 ms after execution `earlier`'s. */
const START_AFTER = `
const { DatabaseSync } = require('node:sqlite');
const [databasePath, later, earlier] = process.argv.slice(-3);
const db = new DatabaseSync(databasePath);
db.prepare("UPDATE execution_entity SET startedAt = strftime('%Y-%m-%d %H:%M:%f', (SELECT startedAt FROM execution_entity WHERE id = ?), '+0.005 seconds') WHERE id = ?").run(Number(earlier), Number(later));
`;

let n8n: RunningN8n;
let rest: N8nRestClient;

beforeAll(async () => {
	n8n = await startN8n();
	rest = await N8nRestClient.signIn(n8n.baseUrl);
}, 180_000);

afterAll(async () => {
	await n8n?.stop();
	if (n8n) removeHome(n8n);
});

test('the newest execution is the one created last, whatever order the executions started in', async () => {
	const workflow = await rest.createAndActivateWorkflow({
		name: 'Newest execution',
		nodes: [
			{
				parameters: { httpMethod: 'POST', path: 'newest-execution', options: {} },
				id: 'b7c1d2e3-0000-4000-8000-000000000001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'b7c1d2e3-0000-4000-8000-0000000000aa',
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	for (let n = 0; n < 3; n++)
		await fetch(n8n.webhookUrl('newest-execution'), { method: 'POST', body: '{}' });
	const ids = await pollUntil(
		async () => {
			const done = await rest.listExecutions({ workflowId: workflow.id, status: ['success'] });
			return done.length === 3 ? done.map((execution) => Number(execution.id)) : undefined;
		},
		{ timeoutMs: 60_000, description: 'three executions' },
	);
	const [newest, middle] = ids;

	execFileSync(n8n.node, [
		'-e',
		START_AFTER,
		path.join(n8n.userFolder, '.n8n', 'database.sqlite'),
		String(middle),
		String(newest),
	]);

	// n8n's own listing now puts the older execution first
	expect(Number((await rest.listExecutions({ workflowId: workflow.id, limit: 1 }))[0].id)).toBe(
		middle,
	);
	expect(await rest.newestExecutionId(workflow.id)).toBe(newest);
}, 120_000);
