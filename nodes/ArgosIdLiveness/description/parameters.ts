import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { InputProblem } from '../../resultsAndCallbacks/inputProblem';
import { minimumScoreOptions } from '../../resultsAndCallbacks/minimumScores';
import { readNumberOptions } from '../../resultsAndCallbacks/numberOptions';

export const MODE = {
	waitForResult: 'waitForResult',
	sendToCallbackUrl: 'sendToCallbackUrl',
	submitAndWait: 'submitAndWait',
} as const;

export type Mode = (typeof MODE)[keyof typeof MODE];

const modeParameter: INodeProperties = {
	displayName: 'Mode',
	name: 'mode',
	type: 'options',
	noDataExpression: true,
	default: 'waitForResult',
	options: [
		{
			name: 'Wait for Result',
			value: MODE.waitForResult,
			description: 'Argos answers at once; the item carries the scores and a verdict',
		},
		{
			name: 'Send Result to Callback URL',
			value: MODE.sendToCallbackUrl,
			description:
				'Argos accepts the document and later POSTs the result to a URL, such as an Argos ID Liveness Trigger',
		},
		{
			name: 'Submit and Wait for Result',
			value: MODE.submitAndWait,
			description:
				'Argos POSTs the result back to this execution, which waits for it and then continues with the scores and a verdict (one item per execution)',
		},
	],
};

const imageParameters: INodeProperties[] = [
	{
		displayName: 'Image Source',
		name: 'imageSource',
		type: 'options',
		noDataExpression: true,
		default: 'binary',
		options: [
			{
				name: 'Binary File',
				value: 'binary',
				description: 'A file on the input item, e.g. from a form upload or HTTP download',
			},
			{
				name: 'Base64 String or Data URL',
				value: 'base64',
				description: 'A field holding the image as base64 or a data: URL',
			},
		],
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the ID photo (JPEG or PNG)',
		displayOptions: { show: { imageSource: ['binary'] } },
	},
	{
		displayName: 'Base64 Image',
		name: 'imageBase64',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.photo }}',
		description: 'The ID photo (JPEG or PNG) as base64 or as a data:image/...;base64, URL',
		displayOptions: { show: { imageSource: ['base64'] } },
	},
];

const checkParameters: INodeProperties[] = [
	{
		displayName: 'Screen Replay',
		name: 'screenReplay',
		type: 'boolean',
		default: true,
		description: 'Whether to check if the photo was taken of a screen',
	},
	{
		displayName: 'Paper Printed',
		name: 'paperPrinted',
		type: 'boolean',
		default: true,
		description: 'Whether to check if the document is a print or photocopy',
	},
	{
		displayName: 'Replace Portraits',
		name: 'replacePortraits',
		type: 'boolean',
		default: true,
		description: 'Whether to check if the face photo on the document was swapped',
	},
];

const callbackParameters: INodeProperties[] = [
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://n8n.example.com/webhook/argos-callback',
		description:
			'Where Argos POSTs the result: for example the production URL of an Argos ID Liveness Trigger. Must be reachable from the internet.',
		displayOptions: { show: { mode: [MODE.sendToCallbackUrl] } },
	},
	{
		displayName: 'Reference',
		name: 'reference',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.contactId }}',
		description:
			'A case reference (CRM contact, ticket number) that rides in the callback URL and comes back as "reference" in the Argos ID Liveness Trigger\'s output',
		displayOptions: { show: { mode: [MODE.sendToCallbackUrl] } },
	},
];

const routeParameter: INodeProperties = {
	displayName: 'Route by Verdict',
	name: 'routeByVerdict',
	type: 'boolean',
	default: false,
	noDataExpression: true,
	description:
		'Whether to send passing items to a "Pass" output and the rest (including failed items when the node continues on fail) to a "Review" output',
	displayOptions: { show: { mode: [MODE.waitForResult, MODE.submitAndWait] } },
};

const optionsParameter: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Callback Link Valid For (Hours)',
			name: 'callbackValidHours',
			type: 'number',
			default: 24,
			typeOptions: { minValue: 1, maxValue: 720 },
			description: 'How long a signed callback URL is accepted by the trigger',
			displayOptions: { show: { '/mode': [MODE.sendToCallbackUrl] } },
		},
		{
			displayName: 'Keep Input Binary',
			name: 'keepBinary',
			type: 'boolean',
			default: true,
			description:
				'Whether the output item keeps the input files (e.g. for a reviewer). Turn off to drop the ID photo from the workflow data after the check.',
		},
		{
			displayName: 'Max Concurrent Requests',
			// Named "concurrency" since it was a fixed number: existing workflows keep their setting.
			name: 'concurrency',
			type: 'number',
			default: 20,
			typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
			description:
				"The most items sent to Argos at the same time. The node finds Argos' rate limit by itself and shares it across executions; set this only to stay below a limit you know, or to bound memory for large photos.",
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			default: 3,
			typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
			description:
				'How often a request is sent again after a server error (5xx) or a network error. Note: a retried request may be billed again if Argos had processed the first.',
		},
		{
			displayName: 'Max Retry Wait (Seconds)',
			name: 'maxRetryWaitSeconds',
			type: 'number',
			default: 30,
			typeOptions: { minValue: 1, maxValue: 300 },
			description:
				'The longest wait before one retry, even when Argos asks for longer with Retry-After',
		},
		{
			displayName: 'Max Wait on Rate Limits (Seconds)',
			name: 'maxRateLimitWaitSeconds',
			type: 'number',
			default: 300,
			typeOptions: { minValue: 1, maxValue: 3600 },
			description:
				'How long one item may keep getting "rate limited" (HTTP 429) answers before it fails. Rate limits do not count against Max Retries.',
		},
		...minimumScoreOptions,
		{
			displayName: 'Reject Images Below 640x480',
			name: 'enforceMinimumSize',
			type: 'boolean',
			default: true,
			description:
				"Whether to stop images smaller than the vendor's minimum before they are sent (and billed). Turn off only to test with small images.",
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			default: 60,
			typeOptions: { minValue: 1, maxValue: 600 },
			description:
				'How long to wait for Argos to answer one request before it counts as a network error',
		},
		{
			displayName: 'Use Upcoming Engine',
			name: 'useUpcomingVersion',
			type: 'boolean',
			default: false,
			description:
				'Whether to use the upcoming version of the Argos liveness engine (useUpcomingVersion)',
		},
		{
			displayName: 'Wait Limit (Minutes)',
			name: 'waitLimitMinutes',
			type: 'number',
			default: 60,
			typeOptions: { minValue: 1, maxValue: 43200 },
			description:
				'How long the execution waits for Argos to call back. When it passes, the item comes out as an error (on Review when routing by verdict).',
			displayOptions: { show: { '/mode': [MODE.submitAndWait] } },
		},
	],
};

export const argosIdLivenessProperties: INodeProperties[] = [
	modeParameter,
	...imageParameters,
	...checkParameters,
	...callbackParameters,
	routeParameter,
	optionsParameter,
];

/** Each option's default, taken from its declaration above, so it is written once. */
const OPTION_DEFAULTS: IDataObject = Object.fromEntries(
	(optionsParameter.options as INodeProperties[]).map((option) => [option.name, option.default]),
);

/** The options of one item with every default filled in. */
export function optionsWithDefaults(options: IDataObject): IDataObject {
	return { ...OPTION_DEFAULTS, ...options };
}

/** One item's options, checked and typed: what the node uses instead of the raw collection. */
export interface ItemOptions {
	callbackValidHours: number;
	concurrency: number;
	keepBinary: boolean;
	maxRateLimitWaitSeconds: number;
	maxRetries: number;
	maxRetryWaitSeconds: number;
	enforceMinimumSize: boolean;
	timeoutSeconds: number;
	useUpcomingVersion: boolean;
	waitLimitMinutes: number;
	/** The minimum scores, by option name (minimumScreenReplay, …), as readMinimumScores reads them. */
	[minimumScore: string]: number | boolean;
}

export type ItemOptionsRead =
	{ ok: true; options: ItemOptions } | { ok: false; problem: InputProblem };

/**
 * The options of one item with every default filled in and every number option checked against its declared
 * range, whether typed or given by an expression (as text, e.g. "3"), before anything is sent.
 */
export function readItemOptions(options: IDataObject): ItemOptionsRead {
	const numbers = readNumberOptions(optionsParameter.options as INodeProperties[], options);
	if (!numbers.ok) return numbers;
	const withDefaults = optionsWithDefaults(options);
	// readNumberOptions gives a value for every number option declared above, so every number field is there.
	const typed = {
		...numbers.values,
		keepBinary: withDefaults.keepBinary !== false,
		enforceMinimumSize: withDefaults.enforceMinimumSize !== false,
		useUpcomingVersion: withDefaults.useUpcomingVersion === true,
	} as ItemOptions;
	return { ok: true, options: typed };
}
