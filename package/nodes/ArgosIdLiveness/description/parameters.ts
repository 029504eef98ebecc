import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_MINIMUM_SIMILARITY } from '../../resultsAndCallbacks/faceResults';
import type { InputProblem } from '../../resultsAndCallbacks/inputProblem';
import { minimumScoreOptions } from '../../resultsAndCallbacks/minimumScores';
import { DEFAULT_MINIMUM_SCORE } from '../../resultsAndCallbacks/scoring';
import { readNumberOptions } from '../../resultsAndCallbacks/numberOptions';

export const MODE = {
	waitForResult: 'waitForResult',
	sendToCallbackUrl: 'sendToCallbackUrl',
	submitAndWait: 'submitAndWait',
} as const;

export type Mode = (typeof MODE)[keyof typeof MODE];

/** The APIs of version 3 on, as n8n's resources; versions 1 and 2 hold ID Liveness only. */
export const RESOURCE = {
	idLiveness: 'idLiveness',
	faceLiveness: 'faceLiveness',
	faceCompare: 'faceCompare',
	idRecognition: 'idRecognition',
} as const;

export type Resource = (typeof RESOURCE)[keyof typeof RESOURCE];

/** `@version` conditions: the node's version 1, version 2 alone, version 2 on, and version 3 on. */
const VERSION_1 = [1];
const VERSION_2 = [2];
const VERSION_2_ON = [{ _cnd: { gte: 2 } }];
const VERSION_3_ON = [{ _cnd: { gte: 3 } }];

/**
 * Shown for these resources only, in version 3 on: earlier versions have no `resource`, and one left in their
 * parameters (a workflow edited by hand) shows nothing of version 3.
 */
const forResources = (resources: Resource[], root = false) => ({
	show: { '@version': VERSION_3_ON, [`${root ? '/' : ''}resource`]: resources },
});

/**
 * An ID Liveness parameter in two copies: one for versions 1 and 2, one for version 3 when ID Liveness is the resource.
 * Not a `hide` for the other resources: a `resource` left in a version 2 node's parameters (a workflow edited by hand)
 * would hide it. `root` is for options inside a collection.
 */
function idLivenessOnly(parameter: INodeProperties, root = false): INodeProperties[] {
	return [
		withVisibility(parameter, { show: { '@version': [1, 2] } }),
		withVisibility(parameter, {
			...forResources([RESOURCE.idLiveness], root),
		}),
	];
}

/** The resource of a running node: ID Liveness in versions 1 and 2. */
export function readResource(context: IExecuteFunctions): Resource {
	return context.getNode().typeVersion >= 3
		? (context.getNodeParameter('resource', 0) as Resource)
		: RESOURCE.idLiveness;
}

interface ModeOption {
	name: string;
	value: Mode;
	description: string;
	/** How n8n's nodes panel lists the operation as an action (version 2). */
	action: string;
}

const MODE_OPTIONS: ModeOption[] = [
	{
		name: 'Wait for Result',
		value: MODE.waitForResult,
		description: 'Argos answers at once; the item carries the scores and a verdict',
		action: 'Analyze an ID document',
	},
	{
		name: 'Send Result to Callback URL',
		value: MODE.sendToCallbackUrl,
		description:
			'Argos accepts the request and later POSTs the result to a URL, such as an Argos ID Liveness Trigger',
		action: 'Analyze an ID document and send the result to a URL',
	},
	{
		name: 'Submit and Wait for Result',
		value: MODE.submitAndWait,
		description:
			'Argos POSTs the result back to this execution, which waits for it and then continues with the scores and a verdict (one item per execution)',
		action: 'Analyze an ID document and pause until Argos calls back',
	},
];

/** ID Liveness' option of `mode`, for another resource's operations to reuse its name and description. */
const modeOption = (mode: Mode): ModeOption => MODE_OPTIONS.find(({ value }) => value === mode)!;

/** Version 1 stores the mode as `mode`; workflows saved with it keep it. */
const modeParameter: INodeProperties = {
	displayName: 'Mode',
	name: 'mode',
	type: 'options',
	noDataExpression: true,
	default: 'waitForResult',
	// n8n's nodes panel lists actions from `operation` only: version 1 keeps its options as they were.
	options: MODE_OPTIONS.map(({ name, value, description }) => ({ name, value, description })),
	displayOptions: { show: { '@version': VERSION_1 } },
};

/** Version 2 stores the mode as `operation`, which n8n's nodes panel lists as actions. */
const operationParameter: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'waitForResult',
	options: MODE_OPTIONS,
	displayOptions: { show: { '@version': VERSION_2 } },
};

/** Version 3: which API the node calls, in n8n's multi-resource shape (as its Airtable v2 and GitHub nodes). */
const resourceParameter: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	default: 'idLiveness',
	options: [
		{
			name: 'Face Compare',
			value: RESOURCE.faceCompare,
			description: 'Whether two photos show the same face, e.g. the ID portrait and a selfie',
		},
		{
			name: 'Face Liveness',
			value: RESOURCE.faceLiveness,
			description: 'Whether a selfie shows a live person, not a photo, screen or mask',
		},
		{
			name: 'ID Liveness',
			value: RESOURCE.idLiveness,
			description:
				'Whether an ID document photo is genuine: screen replay, paper print, portrait replacement',
		},
		{
			name: 'ID Recognition',
			value: RESOURCE.idRecognition,
			description:
				'What an ID document says (name, birth date, number, expiry), with checks for expiry, age and name',
		},
	],
	displayOptions: { show: { '@version': VERSION_3_ON } },
};

/** Version 3: each resource's operations, listed as actions in n8n's nodes panel under the resource. */
const resourceOperationParameters: INodeProperties[] = [
	{
		...operationParameter,
		displayOptions: forResources([RESOURCE.idLiveness]),
	},
	{
		...operationParameter,
		options: [
			{
				name: 'Wait for Result',
				value: MODE.waitForResult,
				description:
					'Argos answers at once (the API is synchronous); the item carries the liveness score and a verdict',
				action: 'Check a selfie for liveness',
			},
		],
		displayOptions: forResources([RESOURCE.faceLiveness]),
	},
	{
		...operationParameter,
		options: [
			{
				name: 'Wait for Result',
				value: MODE.waitForResult,
				description:
					'Argos answers at once; the item carries the similarity, the minimum and whether the faces match',
				action: 'Compare two faces',
			},
			{
				...modeOption(MODE.sendToCallbackUrl),
				action: 'Compare two faces and send the result to a callback URL',
			},
			{
				...modeOption(MODE.submitAndWait),
				description:
					'Argos POSTs the result back to this execution, which waits for it and then continues with the similarity and a verdict (one item per execution)',
				action: 'Compare two faces and wait for the callback',
			},
		],
		displayOptions: forResources([RESOURCE.faceCompare]),
	},
	{
		...operationParameter,
		options: [
			{
				name: 'Wait for Result',
				value: MODE.waitForResult,
				description:
					"Argos answers at once; the item carries the document's fields, their confidence and the checks",
				action: 'Read an ID document',
			},
			{
				...modeOption(MODE.sendToCallbackUrl),
				action: 'Read an ID document and send the result to a URL',
			},
			{
				...modeOption(MODE.submitAndWait),
				description:
					"Argos POSTs the result back to this execution, which waits for it and then continues with the document's fields and a verdict (one item per execution)",
				action: 'Read an ID document and pause until Argos calls back',
			},
		],
		displayOptions: forResources([RESOURCE.idRecognition]),
	},
];

/** The parameter that holds the mode in this version of the node. */
function modeParameterName(nodeVersion: number): 'mode' | 'operation' {
	return nodeVersion >= 2 ? 'operation' : 'mode';
}

/** The mode of a running node, whichever version stored it. */
export function readMode(context: IExecuteFunctions, itemIndex: number): Mode {
	return context.getNodeParameter(
		modeParameterName(context.getNode().typeVersion),
		itemIndex,
	) as Mode;
}

/**
 * `parameters` shown in `modes`, in either version: one copy for version 1, shown by `mode`, one for version 2,
 * shown by `operation`. A single declaration cannot say "mode or operation": n8n's `show` needs every key to match,
 * and n8n checks display options against every parameter with its default, the other version's one included.
 * `root` is for options inside a collection, which name a top-level parameter as `/mode`.
 */
function inModes(modes: Mode[], parameters: INodeProperties[], root = false): INodeProperties[] {
	const prefix = root ? '/' : '';
	return parameters.flatMap((parameter) => [
		{ ...parameter, displayOptions: { show: { '@version': VERSION_1, [`${prefix}mode`]: modes } } },
		{
			...parameter,
			displayOptions: { show: { '@version': VERSION_2_ON, [`${prefix}operation`]: modes } },
		},
	]);
}

/** As inModes, for a parameter that differs between the versions: `version1` in version 1, `version2` from 2 on. */
function inModesPerVersion(
	modes: Mode[],
	version1: INodeProperties,
	version2: INodeProperties,
): INodeProperties[] {
	return [inModes(modes, [version1])[0], inModes(modes, [version2])[1]];
}

const IMAGE_SOURCES = {
	binary: {
		name: 'Binary File',
		value: 'binary',
		description: 'A file on the input item, e.g. from a form upload or HTTP download',
	},
	base64: {
		name: 'Base64 String or Data URL',
		value: 'base64',
		description: 'A field holding the image as base64 or a data: URL',
	},
	url: {
		name: 'Image URL',
		value: 'url',
		description: 'An http(s) link n8n downloads the photo from, e.g. a file URL of a KYC system',
	},
	none: {
		name: 'None',
		value: 'none',
		description: 'No image is sent',
	},
};

/** The parameter names of one image input: the ID photo or selfie (`main`), or one face of Face Compare. */
export interface ImageInputNames {
	source: string;
	binary: string;
	base64: string;
	url: string;
}

export const IMAGE_INPUTS = {
	main: {
		source: 'imageSource',
		binary: 'binaryPropertyName',
		base64: 'imageBase64',
		url: 'imageUrl',
	},
	originFace: {
		source: 'originImageSource',
		binary: 'originBinaryPropertyName',
		base64: 'originImageBase64',
		url: 'originImageUrl',
	},
	targetFace: {
		source: 'targetImageSource',
		binary: 'targetBinaryPropertyName',
		base64: 'targetImageBase64',
		url: 'targetImageUrl',
	},
	/** ID Recognition's back image, which its API takes as optional. */
	back: {
		source: 'backImageSource',
		binary: 'backBinaryPropertyName',
		base64: 'backImageBase64',
		url: 'backImageUrl',
	},
} as const satisfies Record<string, ImageInputNames>;

interface ImageInputWords {
	/** Put before each parameter's name: "Origin " gives "Origin Image Source"; empty for the one image. */
	label: string;
	/** What the photo shows: "the ID photo". */
	photo: string;
	/** The API's formats: "JPEG or PNG". */
	formats: string;
	/** The API's size limit: "10 MB". */
	maxSize: string;
	defaultBinaryField: string;
	/** The API takes the image as optional: its source starts at "None". */
	optional?: boolean;
}

type Visibility = NonNullable<INodeProperties['displayOptions']>;

/** Adds `visibility` (resource conditions) to a parameter's own display conditions. */
function withVisibility(parameter: INodeProperties, visibility: Visibility): INodeProperties {
	return {
		...parameter,
		displayOptions: {
			show: { ...parameter.displayOptions?.show, ...visibility.show },
			...(visibility.hide && { hide: { ...parameter.displayOptions?.hide, ...visibility.hide } }),
		},
	};
}

/** One image input (binary file, base64 or URL), as the parameters `names` name it. */
function imageParameters(names: ImageInputNames, words: ImageInputWords): INodeProperties[] {
	const { label, photo, formats, optional } = words;
	const none = optional ? [IMAGE_SOURCES.none] : [];
	const parameters: INodeProperties[] = [
		{
			displayName: `${label}Image Source`,
			name: names.source,
			type: 'options',
			noDataExpression: true,
			default: 'binary',
			options: [...none, IMAGE_SOURCES.binary, IMAGE_SOURCES.base64, IMAGE_SOURCES.url],
			displayOptions: { show: { '@tool': [false] } },
		},
		{
			// An AI agent gives a tool text arguments: no file, and no image bytes a model could repeat as base64.
			// A link is what it can pass on, so as a tool the node takes the photo from a URL.
			displayName: `${label}Image Source`,
			name: names.source,
			type: 'options',
			noDataExpression: true,
			default: 'url',
			options: [...none, IMAGE_SOURCES.url],
			displayOptions: { show: { '@tool': [true] } },
		},
		{
			displayName: `${label}Input Binary Field`,
			name: names.binary,
			type: 'string',
			default: 'data',
			required: true,
			hint: `The name of the input binary field containing ${photo} (${formats})`,
			displayOptions: { show: { [names.source]: ['binary'] } },
		},
		{
			displayName: `${label}Base64 Image`,
			name: names.base64,
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. {{ $json.photo }}',
			description: `${capitalized(photo)} (${formats}) as base64 or as a data:image/...;base64, URL`,
			displayOptions: { show: { [names.source]: ['base64'] } },
		},
		{
			displayName: `${label}Image URL`,
			name: names.url,
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://files.example.com/photos/123.jpg',
			description: `The http(s) link to ${photo} (${formats}, at most ${words.maxSize}). n8n downloads it without logging in: use a link that carries its own access, such as a pre-signed URL.`,
			displayOptions: { show: { [names.source]: ['url'] } },
		},
	];
	return parameters.map((parameter) => {
		const withDefault =
			parameter.name === names.binary
				? { ...parameter, default: words.defaultBinaryField }
				: parameter;
		if (!optional) return withDefault;
		if (parameter.name === names.source) return { ...parameter, default: 'none' };
		// An optional image left empty is not sent: an expression can leave it out per item.
		const { hint, description, ...rest } = withDefault;
		const example =
			parameter.name === names.binary
				? `: {{ $binary.${words.defaultBinaryField} ? '${words.defaultBinaryField}' : '' }} sends it only when the item has one`
				: '';
		return {
			...rest,
			required: false,
			description: `${(description ?? hint ?? '').replace(/\.$/, '')}. Empty sends none${example}.`,
		};
	});
}

const shownFor = (resources: Resource[]) => (parameter: INodeProperties) =>
	withVisibility(parameter, forResources(resources));

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Each resource's image inputs. */
const allImageParameters: INodeProperties[] = [
	...imageParameters(IMAGE_INPUTS.main, {
		label: '',
		photo: 'the ID photo',
		formats: 'JPEG or PNG',
		maxSize: '10 MB',
		defaultBinaryField: 'data',
	}).flatMap((parameter) => idLivenessOnly(parameter)),
	...imageParameters(IMAGE_INPUTS.main, {
		label: '',
		photo: 'the selfie',
		formats: 'JPEG, PNG or WebP',
		maxSize: '10 MB',
		defaultBinaryField: 'data',
	}).map(shownFor([RESOURCE.faceLiveness])),
	...imageParameters(IMAGE_INPUTS.originFace, {
		label: 'Origin ',
		photo: 'the reference face, e.g. the ID photo',
		formats: 'JPEG, PNG or BMP',
		maxSize: '5 MB',
		defaultBinaryField: 'idPhoto',
	}).map(shownFor([RESOURCE.faceCompare])),
	...imageParameters(IMAGE_INPUTS.targetFace, {
		label: 'Target ',
		photo: 'the face to compare with it, e.g. the selfie',
		formats: 'JPEG, PNG or BMP',
		maxSize: '5 MB',
		defaultBinaryField: 'selfie',
	}).map(shownFor([RESOURCE.faceCompare])),
	...imageParameters(IMAGE_INPUTS.main, {
		label: 'Front ',
		photo: 'the front of the ID document',
		formats: 'JPEG, PNG or BMP',
		maxSize: '2 MB',
		defaultBinaryField: 'data',
	}).map(shownFor([RESOURCE.idRecognition])),
	...imageParameters(IMAGE_INPUTS.back, {
		label: 'Back ',
		photo: 'the back of the ID document',
		formats: 'JPEG, PNG or BMP',
		maxSize: '2 MB',
		defaultBinaryField: 'idBack',
		optional: true,
	}).map(shownFor([RESOURCE.idRecognition])),
];

/** ID Recognition's age check. */
export const minimumAgeParameter: INodeProperties = {
	displayName: 'Minimum Age',
	name: 'minimumAge',
	type: 'number',
	default: 0,
	typeOptions: { minValue: 0, maxValue: 150, numberPrecision: 0 },
	description:
		'A holder younger than this many full years (by the birth date read) goes to review, as does a birth date that cannot be read. 0 turns the check off.',
};

/** ID Recognition's document: the API requires its issuing country and type (docs/ARGOS-API.md). */
const documentParameters: INodeProperties[] = (
	[
		{
			displayName: 'Issuing Country',
			name: 'issuingCountry',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. USA',
			description:
				'The country that issued the document, as its ISO 3166-1 alpha-3 code (USA, GBR, KOR, DEU…)',
		},
		{
			displayName: 'Document Type',
			name: 'idType',
			type: 'options',
			default: 'government_id',
			options: [
				{ name: "Driver's License", value: 'drivers_license' },
				{ name: 'Government ID Card', value: 'government_id' },
				{ name: 'Passport', value: 'passport' },
			],
			description: 'The kind of document on the photo',
		},
		{
			displayName: 'Review Expired Documents',
			name: 'reviewExpired',
			type: 'boolean',
			default: true,
			description:
				'Whether a document whose expiry date has passed, or whose expiry date cannot be read, goes to review',
		},
		minimumAgeParameter,
		{
			displayName: 'Expected Name',
			name: 'expectedName',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.fullName }}',
			description:
				'The name the applicant gave. A document in another name goes to review; case, accents, punctuation and word order do not count. Empty turns the check off.',
		},
	] satisfies INodeProperties[]
).map(shownFor([RESOURCE.idRecognition]));

/** Face Compare's pass mark: Argos' own `isMatch` never decides alone. */
export const minimumSimilarityParameter: INodeProperties = {
	displayName: 'Minimum Similarity',
	name: 'minimumSimilarity',
	type: 'number',
	default: DEFAULT_MINIMUM_SIMILARITY,
	typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
	description:
		"The similarity (0–1) from which the faces count as a match; below it the item goes to review. 0.8 is the threshold in Argos' sample answer; Argos' own isMatch is shown but does not decide.",
	displayOptions: forResources([RESOURCE.faceCompare]),
};

const checkParameters: INodeProperties[] = (
	[
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
	] satisfies INodeProperties[]
).flatMap((parameter) => idLivenessOnly(parameter));

/** How Argos reaches n8n: n8n builds its webhook and resume URLs from WEBHOOK_URL. */
const PUBLIC_URL_HELP =
	"n8n builds its webhook and resume URLs from its WEBHOOK_URL setting: set it to n8n's public address (e.g. https://n8n.example.com/) and restart n8n, or the URLs point at localhost";

/** Submit and Wait's notice about one item per execution and the wait limit, naming the version's option. */
const waitNotice = (limitOption: string): INodeProperties => ({
	displayName: `Sends one item per execution: put a Loop Over Items node (batch size 1) before this node for more. If Argos has not called back when the wait limit passes (Options: ${limitOption}), the item comes out as an error, on Review when routing by verdict.`,
	name: 'waitNotice',
	type: 'notice',
	default: '',
});

/** Right under the mode, as in n8n's send-and-wait nodes: where the result goes and what Argos must reach. */
const callbackParameters: INodeProperties[] = [
	...inModes(
		[MODE.sendToCallbackUrl],
		[
			{
				displayName: 'Callback URL',
				name: 'callbackUrl',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'https://n8n.example.com/webhook/argos-callback',
				description:
					'Where Argos POSTs the result: for example the production URL of an Argos ID Liveness Trigger. Must be reachable from the internet.',
			},
			{
				displayName: `Argos POSTs the result to the Callback URL from the internet, so it must be public, such as an Argos ID Liveness Trigger's Production URL. ${PUBLIC_URL_HELP}.`,
				name: 'callbackNotice',
				type: 'notice',
				default: '',
			},
		],
	),
	...inModes(
		[MODE.submitAndWait],
		[
			{
				displayName: `Argos POSTs the result to this execution's resume URL ($execution.resumeUrl), so it must reach this n8n from the internet. ${PUBLIC_URL_HELP}.`,
				name: 'resumeNotice',
				type: 'notice',
				default: '',
			},
		],
	),
	// Each version names its own wait limit option: version 2 users never see version 1's.
	...inModesPerVersion(
		[MODE.submitAndWait],
		waitNotice('Wait Limit (Minutes)'),
		waitNotice('Limit Wait Time'),
	),
	{
		displayName: 'Reference',
		name: 'reference',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.contactId }}',
		description:
			'A case reference (CRM contact, ticket number), echoed as "reference" in the output. With a Callback URL it rides in the URL and comes back in the Argos ID Liveness Trigger\'s output.',
	},
];

const routeParameters: INodeProperties[] = inModes(
	[MODE.waitForResult, MODE.submitAndWait],
	[
		{
			displayName: 'Route by Verdict',
			name: 'routeByVerdict',
			type: 'boolean',
			default: false,
			noDataExpression: true,
			description:
				'Whether to send passing items to a "Pass" output and the rest (including failed items when the node continues on fail) to a "Review" output',
		},
	],
);

/**
 * n8n's shared "Limit Wait Time" option of its send-and-wait operations (n8n-nodes-base utils/sendAndWait), with
 * its fields and defaults, for "Submit and Wait for Result" in version 2. Unlike n8n's, a request never waits without
 * a limit: when the option is not added, its default (45 minutes) holds, so a lost callback still ends as an error.
 */
const limitWaitTimeFields: INodeProperties[] = [
	{
		displayName: 'Limit Type',
		name: 'limitType',
		type: 'options',
		default: 'afterTimeInterval',
		description:
			'Sets the condition for the execution to resume. Can be a specified date or after some time.',
		options: [
			{
				name: 'After Time Interval',
				description: 'Waits for a certain amount of time',
				value: 'afterTimeInterval',
			},
			{
				name: 'At Specified Time',
				description: 'Waits until the set date and time to continue',
				value: 'atSpecifiedTime',
			},
		],
	},
	{
		displayName: 'Amount',
		name: 'resumeAmount',
		type: 'number',
		displayOptions: { show: { limitType: ['afterTimeInterval'] } },
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 1,
		description: 'The time to wait',
	},
	{
		displayName: 'Unit',
		name: 'resumeUnit',
		type: 'options',
		displayOptions: { show: { limitType: ['afterTimeInterval'] } },
		options: [
			{ name: 'Minutes', value: 'minutes' },
			{ name: 'Hours', value: 'hours' },
			{ name: 'Days', value: 'days' },
		],
		default: 'hours',
		description: 'Unit of the interval value',
	},
	{
		displayName: 'Max Date and Time',
		name: 'maxDateAndTime',
		type: 'dateTime',
		displayOptions: { show: { limitType: ['atSpecifiedTime'] } },
		default: '',
		description: 'Continue execution after the specified date and time',
	},
];

const limitWaitTimeOption: INodeProperties = {
	displayName: 'Limit Wait Time',
	name: 'limitWaitTime',
	type: 'fixedCollection',
	description:
		"How long this node waits for Argos' callback before the execution resumes with an error item (n8n's send-and-wait option)",
	default: { values: { limitType: 'afterTimeInterval', resumeAmount: 45, resumeUnit: 'minutes' } },
	options: [{ displayName: 'Values', name: 'values', values: limitWaitTimeFields }],
	displayOptions: { show: { '@version': VERSION_2_ON, '/operation': [MODE.submitAndWait] } },
};

/** Where the execution's wait for Argos' callback ends (its "wait limit"). */
export type WaitLimit = { afterMinutes: number } | { at: Date };

type WaitLimitRead =
	{ ok: true; waitLimit: WaitLimit; optionName: string } | { ok: false; problem: InputProblem };

const MINUTES_PER_UNIT: Record<string, number> = { minutes: 1, hours: 60, days: 1440 };

/** The moment a wait that starts `now` ends. */
export function waitLimitEnd(waitLimit: WaitLimit, now: number): Date {
	return 'at' in waitLimit ? waitLimit.at : new Date(now + waitLimit.afterMinutes * 60_000);
}

/** The wait limit in words for messages: "within 45 minutes", "by 2026-11-30T12:00:00.000Z". */
export function waitLimitInWords(waitLimit: WaitLimit): string {
	return 'at' in waitLimit
		? `by ${waitLimit.at.toISOString()}`
		: `within ${waitLimit.afterMinutes} minute${waitLimit.afterMinutes === 1 ? '' : 's'}`;
}

/**
 * The wait limit of "Submit and Wait for Result": version 1's "Wait Limit (Minutes)", version 2's "Limit Wait
 * Time", read from the item's options with their defaults and checked before anything is sent: a limit that has
 * already passed at `now` would spend a request whose result can only come too late.
 */
export function readWaitLimit(
	options: IDataObject,
	nodeVersion: number,
	now: number,
): WaitLimitRead {
	if (nodeVersion < 2) {
		const minutes = readNumberOptions(
			(optionsParameter.options as INodeProperties[]).filter((o) => o.name === 'waitLimitMinutes'),
			options,
		);
		if (!minutes.ok) return minutes;
		return {
			ok: true,
			waitLimit: { afterMinutes: minutes.values.waitLimitMinutes },
			optionName: 'Wait Limit (Minutes)',
		};
	}
	const declared = limitWaitTimeOption.default as { values: IDataObject };
	const given = (options.limitWaitTime as { values?: IDataObject } | undefined)?.values;
	const values: IDataObject = { ...(given ?? declared.values) };
	for (const field of limitWaitTimeFields)
		if (!(field.name in values)) values[field.name] = field.default;
	const optionName = 'Limit Wait Time';
	let waitLimit: WaitLimit;
	if (values.limitType === 'atSpecifiedTime') {
		const at = new Date(String(values.maxDateAndTime ?? ''));
		if (values.maxDateAndTime === '' || Number.isNaN(at.getTime())) {
			return {
				ok: false,
				problem: {
					message: `"Max Date and Time" of "${optionName}" is not a date: ${JSON.stringify(String(values.maxDateAndTime ?? '')).slice(0, 60)}`,
					description:
						'Pick a date and time, or set an expression that gives one (e.g. {{ $now.plus(1, "hour") }}).',
				},
			};
		}
		waitLimit = { at };
	} else {
		const amount = readNumberOptions(
			limitWaitTimeFields.filter((field) => field.name === 'resumeAmount'),
			values,
		);
		if (!amount.ok) return amount;
		const perUnit = MINUTES_PER_UNIT[String(values.resumeUnit)];
		if (perUnit === undefined) {
			return {
				ok: false,
				problem: {
					message: `"Unit" of "${optionName}" is ${JSON.stringify(String(values.resumeUnit)).slice(0, 40)}`,
					description: 'Set the unit to minutes, hours or days.',
				},
			};
		}
		waitLimit = { afterMinutes: amount.values.resumeAmount * perUnit };
	}
	if (waitLimitEnd(waitLimit, now).getTime() <= now) {
		return {
			ok: false,
			problem: {
				message: `"${optionName}" ends before Argos could call back (${waitLimitInWords(waitLimit)})`,
				description:
					'Set a time in the future, or an amount above 0. Argos usually calls back within seconds.',
			},
		};
	}
	return { ok: true, waitLimit, optionName };
}

/** What "Submit and Wait for Result" asks of n8n, shown in the panel as n8n shows it for its waiting nodes. */
const optionsParameter: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		...inModes(
			[MODE.sendToCallbackUrl],
			[
				{
					displayName: 'Link Valid For (Hours)',
					name: 'callbackValidHours',
					type: 'number',
					default: 24,
					typeOptions: { minValue: 1, maxValue: 720 },
					description:
						'How long the signed callback link (URL) is accepted by the Argos ID Liveness Trigger',
				},
			],
			true,
		),
		{
			displayName: 'Keep Input Binary',
			name: 'keepBinary',
			type: 'boolean',
			default: true,
			description:
				'Whether the output item keeps the input files (e.g. for a reviewer). Turn off to drop the ID photo from the workflow data once Argos has answered.',
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
			...minimumScoreOptions[0],
			displayName: 'Min. Face Liveness',
			name: 'minimumFaceLiveness',
			description: `The minimum face liveness score (0–100) that passes; a lower score sends the item to review. ${DEFAULT_MINIMUM_SCORE} is where the "low risk" band of ID Liveness starts (Argos publishes no bands for faces).`,
			displayOptions: forResources([RESOURCE.faceLiveness], true),
		},
		{
			displayName: 'Rate Limit Wait (Seconds)',
			name: 'maxRateLimitWaitSeconds',
			type: 'number',
			default: 300,
			typeOptions: { minValue: 1, maxValue: 3600 },
			description:
				'How long one item may keep getting "rate limited" (HTTP 429) answers before it fails. Rate limits do not count against Max Retries.',
		},
		...minimumScoreOptions.flatMap((option) => idLivenessOnly(option, true)),
		{
			displayName: 'Reject Small Images',
			name: 'enforceMinimumSize',
			type: 'boolean',
			default: true,
			description:
				"Whether to stop images below Argos' minimum of 640x480 pixels before they are sent (and billed). Turn off only to test with small images.",
			// Face Compare and ID Recognition document no minimum size.
			displayOptions: {
				hide: { '/resource': [RESOURCE.faceCompare, RESOURCE.idRecognition] },
			},
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
		...idLivenessOnly(
			{
				displayName: 'Use Upcoming Engine',
				name: 'useUpcomingVersion',
				type: 'boolean',
				default: false,
				description:
					'Whether to use the upcoming version of the Argos liveness engine (useUpcomingVersion)',
			},
			true,
		),
		{
			displayName: 'Wait Limit (Minutes)',
			name: 'waitLimitMinutes',
			type: 'number',
			default: 60,
			typeOptions: { minValue: 1, maxValue: 43200 },
			description:
				'How long the execution waits for Argos to call back. When it passes, the item comes out as an error (on Review when routing by verdict).',
			// Version 1's wait limit; version 2 has n8n's "Limit Wait Time" (below) instead.
			displayOptions: { show: { '@version': VERSION_1, '/mode': [MODE.submitAndWait] } },
		},
		limitWaitTimeOption,
	],
};

export const argosIdLivenessProperties: INodeProperties[] = [
	resourceParameter,
	modeParameter,
	operationParameter,
	...resourceOperationParameters,
	...callbackParameters,
	...allImageParameters,
	...checkParameters,
	minimumSimilarityParameter,
	...documentParameters,
	...routeParameters,
	optionsParameter,
];

/** The name the editor shows for a parameter (`reference`) or one of its options (`options.timeoutSeconds`). */
export function parameterDisplayName(path: string): string {
	const [name, option] = path.split('.');
	const parameter = argosIdLivenessProperties.find((property) => property.name === name);
	if (!parameter) return path;
	if (option === undefined) return parameter.displayName;
	const inner = (parameter.options as INodeProperties[] | undefined)?.find(
		(candidate) => candidate.name === option,
	);
	return `${parameter.displayName} → ${inner?.displayName ?? option}`;
}

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
	/** Face Liveness' pass mark. */
	minimumFaceLiveness: number;
	/** The minimum scores, by option name (minimumScreenReplay, …), as readMinimumScores reads them. */
	[minimumScore: string]: number | boolean;
}

type ItemOptionsRead = { ok: true; options: ItemOptions } | { ok: false; problem: InputProblem };

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
