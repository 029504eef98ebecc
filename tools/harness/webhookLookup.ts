import { NodeHelpers, resolveWebhookDescriptionField } from 'n8n-workflow';
import type {
	IHttpRequestMethods,
	INode,
	IWebhookData,
	IWebhookDescription,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';

/**
 * The cli's `WebhookService.getNodeWebhooks`: a node's webhook descriptions with
 * their expressions (`={{ $nodeId }}`, `={{$parameter["path"]}}`) evaluated, one
 * entry per HTTP method, and paths as n8n registers them.
 */
export function getNodeWebhooks(
	workflow: Workflow,
	node: INode,
	additionalData: IWorkflowExecuteAdditionalData,
	ignoreRestartWebhooks = false,
): IWebhookData[] {
	if (node.disabled === true) return [];
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const workflowId = workflow.id || '__UNSAVED__';
	const webhooks: IWebhookData[] = [];
	for (const description of nodeType.description.webhooks ?? []) {
		if (ignoreRestartWebhooks && description.restartWebhook === true) continue;
		const rawPath = evaluate(workflow, node, description, 'path');
		if (rawPath === undefined || rawPath === null) continue;
		const nodePath = String(rawPath).trim().replace(/^\//, '').replace(/\/$/, '');
		const isFullPath = evaluate(workflow, node, description, 'isFullPath', false) as boolean;
		const restartWebhook = evaluate(
			workflow,
			node,
			description,
			'restartWebhook',
			false,
		) as boolean;
		const path = NodeHelpers.getNodeWebhookPath(
			workflowId,
			node,
			nodePath,
			isFullPath,
			restartWebhook,
		);
		const methods = evaluate(workflow, node, description, 'httpMethod', 'GET');
		for (const method of String(methods).split(',')) {
			if (!method) continue;
			webhooks.push({
				httpMethod: method.trim() as IHttpRequestMethods,
				node: node.name,
				path,
				webhookDescription: description,
				workflowId,
				workflowExecuteAdditionalData: additionalData,
				webhookId: isDynamicPath(path) ? node.webhookId : undefined,
			});
		}
	}
	return webhooks;
}

function evaluate(
	workflow: Workflow,
	node: INode,
	description: IWebhookDescription,
	property: keyof IWebhookDescription,
	defaultValue?: string | boolean,
): unknown {
	const native = resolveWebhookDescriptionField(node, description, String(property));
	if (native.resolved) return native.value;
	return workflow.expression.getSimpleParameterValue(
		node,
		description[property] as string | boolean | undefined,
		'internal',
		{},
		undefined,
		defaultValue,
	);
}

function isDynamicPath(rawPath: string): boolean {
	const firstSlash = rawPath.indexOf('/');
	const path = firstSlash !== -1 ? rawPath.substring(firstSlash + 1) : rawPath;
	if (path === '' || path === ':' || path === '/:') return false;
	return path.startsWith(':') || path.includes('/:');
}
