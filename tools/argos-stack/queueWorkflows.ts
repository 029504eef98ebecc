/**
 * Workflows for the queue-mode suite, built on livenessWorkflow (Upload webhook → Argos ID Liveness → Pass/Review)
 * with the credential created over REST (queue mode has no CLI import before start: every process shares the DB).
 */
import {
	livenessWorkflow,
	NODE,
	PHOTO_FIELD,
	type LivenessWorkflowOptions,
} from './livenessWorkflow';

export interface CredentialRef {
	id: string;
	name: string;
}

type Workflow = Record<string, unknown> & {
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
};

/** livenessWorkflow with its Argos node using `credential`, and a fixed webhookId for its own (resume) webhook. */
export function queueLivenessWorkflow(
	options: LivenessWorkflowOptions,
	credential: CredentialRef,
): Workflow {
	const workflow = livenessWorkflow(options) as Workflow;
	for (const node of workflow.nodes) {
		if (node.name !== NODE.argos) continue;
		node.credentials = { argosIdentityApi: credential };
		node.webhookId = `${options.path}-argos`;
	}
	return workflow;
}

const FAN_OUT = 'Fan Out';

/**
 * A batch: one multipart upload carrying several files (any field names) becomes `count` items, item i holding file
 * i mod files (fields in name order) as `idPhoto`, through a Code node (run by the worker's task runner).
 */
export function batchWorkflow(
	options: Omit<LivenessWorkflowOptions, 'upload'> & { count: number },
	credential: CredentialRef,
): Workflow {
	const workflow = queueLivenessWorkflow({ ...options, upload: 'multipart' }, credential);
	workflow.nodes.push({
		id: 'fan-out',
		name: FAN_OUT,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [120, 200],
		parameters: {
			jsCode: [
				'const upload = $input.first();',
				'const fields = Object.keys(upload.binary).sort();',
				`return Array.from({ length: ${options.count} }, (_, index) => {`,
				'  const file = upload.binary[fields[index % fields.length]];',
				`  return { json: { index, fileName: file.fileName }, binary: { ${PHOTO_FIELD}: file } };`,
				'});',
			].join('\n'),
		},
	});
	workflow.connections[NODE.webhook] = { main: [[{ node: FAN_OUT, type: 'main', index: 0 }]] };
	workflow.connections[FAN_OUT] = { main: [[{ node: NODE.argos, type: 'main', index: 0 }]] };
	return workflow;
}

export const TRIGGER = 'Argos ID Liveness Trigger';

/** Only the trigger: each callback it accepts is one execution whose output is the result. */
export function triggerWorkflow(webhookId: string, credential: CredentialRef): Workflow {
	return {
		name: 'Argos callbacks (queue mode)',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'trigger',
				name: TRIGGER,
				type: 'CUSTOM.argosIdLivenessTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: {},
				credentials: { argosIdentityApi: credential },
			},
		],
		connections: {},
	};
}
