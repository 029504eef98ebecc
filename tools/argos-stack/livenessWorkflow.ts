import { EXAMPLE_CREDENTIAL } from './argosStack';

/** Node names in the workflows built here, for nodeOutput() and the run data. */
export const NODE = {
	webhook: 'Upload',
	argos: 'Argos ID Liveness',
	pass: 'Pass',
	review: 'Review',
	errors: 'Errors',
} as const;

/** The binary field the uploaded photo lands in, and that the Argos node reads by default here. */
export const PHOTO_FIELD = 'idPhoto';

export interface LivenessWorkflowOptions {
	name: string;
	/** The production webhook path: POST <n8n>/webhook/<path>. */
	path: string;
	/**
	 * How the photo arrives. n8n 2.40's Webhook node (v2.1) stores a multipart file under its form field name, and a
	 * raw body (any content type it does not parse: not JSON, form, text or XML) under the option "Field Name for
	 * Binary Data". That option must stay unset for multipart: set, it renames every file to `<option><n>`
	 * (`idPhoto0`). So the raw variant sets it and the multipart variant uses a form field named like the binary field.
	 */
	upload: 'multipart' | 'raw';
	/** Parameters of the Argos node over the defaults used here (Wait for Result, binary `idPhoto`, Route by Verdict). */
	argos?: Record<string, unknown>;
	/** The Argos node's version: 2 unless given (version 3 has the resources). */
	typeVersion?: number;
	/** The Argos node's "On Error" setting; with the error output, it leads to an "Errors" No Operation node. */
	onError?: 'continueRegularOutput' | 'continueErrorOutput';
	/**
	 * "Pass" and "Review" become Edit Fields nodes that add `case` from `{{ $('Upload').item.json.query.case }}`: it
	 * only works while n8n can follow each item's pairedItem back through the Argos node to the upload.
	 */
	lookUpCase?: boolean;
}

/** Upload webhook → Argos ID Liveness (Route by Verdict) → "Pass" / "Review" (No Operation nodes). */
export function livenessWorkflow(options: LivenessWorkflowOptions): Record<string, unknown> {
	const errorOutput = options.onError === 'continueErrorOutput';
	/** An Edit Fields node that adds the upload's `case`, or a No Operation node. */
	const outcomeNode = (name: string, y: number, lookUpCase = options.lookUpCase === true) => ({
		id: name.toLowerCase(),
		name,
		position: [480, y],
		...(lookUpCase
			? {
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					parameters: {
						mode: 'manual',
						assignments: {
							assignments: [
								{
									id: `${name.toLowerCase()}-case`,
									name: 'case',
									value: `={{ $('${NODE.webhook}').item.json.query.case }}`,
									type: 'string',
								},
							],
						},
						includeOtherFields: true,
						options: {},
					},
				}
			: { type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} }),
	});
	return {
		name: options.name,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'upload',
				name: NODE.webhook,
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: `${options.path}-webhook`,
				parameters: {
					httpMethod: 'POST',
					path: options.path,
					// Answer at once; the test reads the result from the execution, not the HTTP answer.
					responseMode: 'onReceived',
					options: options.upload === 'raw' ? { binaryPropertyName: PHOTO_FIELD } : {},
				},
			},
			{
				id: 'argos',
				name: NODE.argos,
				type: 'CUSTOM.argosIdLiveness',
				typeVersion: options.typeVersion ?? 2,
				position: [240, 0],
				parameters: {
					operation: 'waitForResult',
					imageSource: 'binary',
					binaryPropertyName: PHOTO_FIELD,
					routeByVerdict: true,
					options: {},
					...options.argos,
				},
				credentials: {
					argosIdentityApi: { id: EXAMPLE_CREDENTIAL.id, name: EXAMPLE_CREDENTIAL.name },
				},
				...(options.onError ? { onError: options.onError } : {}),
			},
			outcomeNode(NODE.pass, -100),
			outcomeNode(NODE.review, 100),
			...(errorOutput ? [outcomeNode(NODE.errors, 300, false)] : []),
		],
		connections: {
			[NODE.webhook]: { main: [[{ node: NODE.argos, type: 'main', index: 0 }]] },
			[NODE.argos]: {
				main: [
					[{ node: NODE.pass, type: 'main', index: 0 }],
					[{ node: NODE.review, type: 'main', index: 0 }],
					...(errorOutput ? [[{ node: NODE.errors, type: 'main', index: 0 }]] : []),
				],
			},
		},
	};
}
