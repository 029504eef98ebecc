import * as n8nWorkflow from 'n8n-workflow';

export const UNSUPPORTED_N8N_MESSAGE =
	'n8n-nodes-argos-id-liveness needs n8n 2.0 or newer: this n8n is too old (its n8n-workflow has no NodeConnectionTypes, added in n8n-workflow 1.83). Update n8n, or remove the package.';

/**
 * Stops the package from loading on an n8n it cannot run on, with a message that says so. On n8n before 1.83 the
 * node classes could not even be built (NodeConnectionTypes is undefined), and n8n reports the TypeError as "Class
 * could not be found"; a plain Error keeps this message in n8n's log (measured on n8n 1.82.3).
 */
export function refuseUnsupportedN8n(workflow: object = n8nWorkflow): void {
	if ((workflow as { NodeConnectionTypes?: unknown }).NodeConnectionTypes === undefined)
		throw new Error(UNSUPPORTED_N8N_MESSAGE);
}
