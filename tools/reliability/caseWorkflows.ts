/**
 * The workflows the reliability matrices run in a real n8n. One shape serves all of them:
 * Webhook "Start" (JSON body `{ items: [...] }`) → Split Out "Items" → [Read/Write Files from Disk "Read", one file
 * per item from `item.file`] → Argos ID Liveness → (Pass / Review when routing by verdict).
 * ID Liveness runs in version 1 of the node (as the matrices always have); the other resources in version 3. Those
 * taking two images (Face Compare, ID Recognition's back) read `item.second` too, in a second Read node beside the
 * first, and a Merge by position gives each item both files: n8n's Read node keeps no binary of its input.
 * Every Argos parameter a case may set is an expression reading the item's `p` object, so values arrive as an
 * expression delivers them (strings stay strings) and differ per item; parameters a case leaves out get the
 * node's declared default.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import {
	argosIdLivenessProperties,
	IMAGE_INPUTS,
	optionsWithDefaults,
	RESOURCE,
	type ImageInputNames,
	type Mode,
	type Resource,
} from '../../package/nodes/ArgosIdLiveness/description/parameters';
import { DEFAULT_MINIMUM_SIMILARITY } from '../../package/nodes/resultsAndCallbacks/faceResults';

export const CASE_NODE = {
	start: 'Start',
	items: 'Items',
	read: 'Read',
	readSecond: 'Read Second',
	both: 'Both Files',
	argos: 'Argos ID Liveness',
	pass: 'Pass',
	review: 'Review',
} as const;

/** The binary field the Read node fills and the Argos node reads. */
const CASE_PHOTO_FIELD = 'idPhoto';
/** The binary field of the second image: Face Compare's target, ID Recognition's back. */
const CASE_SECOND_PHOTO_FIELD = 'secondPhoto';

/** Version 3's resources besides ID Liveness, each run in a version 3 node. */
export type FamilyResource = Exclude<Resource, 'idLiveness'>;
const TWO_IMAGE_RESOURCES: FamilyResource[] = [RESOURCE.faceCompare, RESOURCE.idRecognition];

export interface CredentialRef {
	id: string;
	name: string;
}

/** One item as posted to a case workflow. */
export interface CaseItem {
	/** Binary workflows: the file the Read node loads for this item. */
	file?: string;
	/** Two-image workflows: the second file (Face Compare's target, ID Recognition's back). */
	second?: string;
	/** Base64 workflows: the value of "Base64 Image" (any JSON value). */
	image?: unknown;
	/** Argos parameters for this item by name (options by their option name), e.g. `{ maxRetries: 'x' }`. */
	p?: IDataObject;
}

interface CaseWorkflowOptions {
	name: string;
	/** The Start webhook's path: POST <n8n>/webhook/<path>. */
	path: string;
	mode: Mode;
	imageSource: 'binary' | 'base64';
	credential: CredentialRef;
	routeByVerdict?: boolean;
	/** n8n's node setting "On Error". */
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** Fixed Argos options instead of per-item expressions (e.g. the fault matrix). */
	fixedOptions?: IDataObject;
	/** A Verify family resource (a version 3 node, binary images only); ID Liveness in version 1 when absent. */
	resource?: FamilyResource;
}

const TOP_LEVEL_DEFAULTS = Object.fromEntries(
	argosIdLivenessProperties.map((property: INodeProperties) => [property.name, property.default]),
);
const OPTION_DEFAULTS = optionsWithDefaults({});

/** The options a version 1 node shows in `mode` (n8n keeps only those), by their declarations' display rules. */
function shownOptions(mode: Mode): Set<string> {
	const declarations = argosIdLivenessProperties
		.filter((property) => property.name === 'options')
		.flatMap((property) => property.options as INodeProperties[]);
	const shown = declarations.filter((option) => {
		const show = option.displayOptions?.show;
		const versions = show?.['@version'] as unknown[] | undefined;
		const modes = show?.['/mode'] as unknown[] | undefined;
		return (
			(versions === undefined || versions.includes(1)) &&
			(modes === undefined || modes.includes(mode))
		);
	});
	return new Set(shown.map((option) => option.name));
}

/** `={{ item's p.name, else the default }}` (a ternary: the case may set a value n8n's `??` would not keep, like 0). */
function caseExpression(name: string, fallback: unknown): string {
	const value = `($('${CASE_NODE.items}').item.json.p || {}).${name}`;
	return `={{ ${value} === undefined ? ${JSON.stringify(fallback)} : ${value} }}`;
}

function argosParameters(options: CaseWorkflowOptions): IDataObject {
	const parameters: IDataObject = {
		mode: options.mode,
		imageSource: options.imageSource,
		screenReplay: caseExpression('screenReplay', TOP_LEVEL_DEFAULTS.screenReplay),
		paperPrinted: caseExpression('paperPrinted', TOP_LEVEL_DEFAULTS.paperPrinted),
		replacePortraits: caseExpression('replacePortraits', TOP_LEVEL_DEFAULTS.replacePortraits),
	};
	if (options.imageSource === 'binary')
		parameters.binaryPropertyName = caseExpression('binaryPropertyName', CASE_PHOTO_FIELD);
	else parameters.imageBase64 = `={{ $('${CASE_NODE.items}').item.json.image }}`;
	if (options.mode === 'sendToCallbackUrl') {
		parameters.callbackUrl = caseExpression('callbackUrl', '');
		parameters.reference = caseExpression('reference', '');
	}
	if (options.mode !== 'sendToCallbackUrl') parameters.routeByVerdict = !!options.routeByVerdict;
	parameters.options =
		options.fixedOptions ??
		Object.fromEntries(
			Object.entries(OPTION_DEFAULTS)
				.filter(([name]) => shownOptions(options.mode).has(name))
				.map(([name, fallback]) => [name, caseExpression(name, fallback)]),
		);
	return parameters;
}

/** An image read from the item's binary field `field`, unless the item's `p` names another field. */
function binaryImage(names: ImageInputNames, field: string): IDataObject {
	return { [names.source]: 'binary', [names.binary]: caseExpression(names.binary, field) };
}

/** The options every resource shows, per item as for version 1; Face Liveness adds its own two. */
const FAMILY_OPTIONS: IDataObject = {
	concurrency: OPTION_DEFAULTS.concurrency,
	maxRetries: OPTION_DEFAULTS.maxRetries,
	timeoutSeconds: OPTION_DEFAULTS.timeoutSeconds,
};
const FACE_LIVENESS_OPTIONS: IDataObject = {
	minimumFaceLiveness: OPTION_DEFAULTS.minimumFaceLiveness,
	enforceMinimumSize: OPTION_DEFAULTS.enforceMinimumSize,
};

/** A version 3 node's parameters for a Verify family resource, each read per item from `p` as in version 1. */
function familyParameters(options: CaseWorkflowOptions, resource: FamilyResource): IDataObject {
	const perItem = (defaults: IDataObject) =>
		Object.fromEntries(
			Object.entries(defaults).map(([name, fallback]) => [name, caseExpression(name, fallback)]),
		);
	const images: Record<FamilyResource, IDataObject> = {
		faceLiveness: binaryImage(IMAGE_INPUTS.main, CASE_PHOTO_FIELD),
		faceCompare: {
			...binaryImage(IMAGE_INPUTS.originFace, CASE_PHOTO_FIELD),
			...binaryImage(IMAGE_INPUTS.targetFace, CASE_SECOND_PHOTO_FIELD),
			...perItem({ minimumSimilarity: DEFAULT_MINIMUM_SIMILARITY }),
		},
		idRecognition: {
			...binaryImage(IMAGE_INPUTS.main, CASE_PHOTO_FIELD),
			...binaryImage(IMAGE_INPUTS.back, CASE_SECOND_PHOTO_FIELD),
			...perItem({
				issuingCountry: 'USA',
				idType: 'drivers_license',
				reviewExpired: TOP_LEVEL_DEFAULTS.reviewExpired,
				minimumAge: TOP_LEVEL_DEFAULTS.minimumAge,
			}),
		},
	};
	return {
		resource,
		operation: options.mode,
		...images[resource],
		...(options.mode === 'sendToCallbackUrl'
			? perItem({ callbackUrl: '', reference: '' })
			: { routeByVerdict: !!options.routeByVerdict }),
		options:
			options.fixedOptions ??
			perItem({
				...FAMILY_OPTIONS,
				...(resource === RESOURCE.faceLiveness && FACE_LIVENESS_OPTIONS),
			}),
	};
}

/** Reads `item[field]` into the binary field `binaryField`. */
function readNode(
	options: CaseWorkflowOptions,
	name: string,
	field: string,
	binaryField: string,
	position: [number, number],
): IDataObject {
	return {
		id: `${options.path}-${name.toLowerCase().replace(/ /g, '-')}`,
		name,
		type: 'n8n-nodes-base.readWriteFile',
		typeVersion: 1.1,
		position,
		parameters: {
			operation: 'read',
			fileSelector: `={{ $json.${field} }}`,
			options: { dataPropertyName: binaryField },
		},
	};
}

/** The workflow JSON (node types as loaded from a custom folder: CUSTOM.argosIdLiveness). */
export function caseWorkflow(options: CaseWorkflowOptions): Record<string, unknown> {
	const routes = options.mode !== 'sendToCallbackUrl' && !!options.routeByVerdict;
	const nodes: IDataObject[] = [
		{
			id: `${options.path}-start`,
			name: CASE_NODE.start,
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2.1,
			position: [0, 0],
			webhookId: `${options.path}-start`,
			parameters: {
				httpMethod: 'POST',
				path: options.path,
				responseMode: 'onReceived',
				options: {},
			},
		},
		{
			id: `${options.path}-items`,
			name: CASE_NODE.items,
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [200, 0],
			parameters: { fieldToSplitOut: 'body.items', options: {} },
		},
	];
	const chain: string[] = [CASE_NODE.start, CASE_NODE.items];
	const connections: IDataObject = {};
	if (options.imageSource === 'binary') {
		nodes.push(readNode(options, CASE_NODE.read, 'file', CASE_PHOTO_FIELD, [400, 0]));
		chain.push(CASE_NODE.read);
	}
	if (options.resource && TWO_IMAGE_RESOURCES.includes(options.resource)) {
		nodes.push(
			readNode(options, CASE_NODE.readSecond, 'second', CASE_SECOND_PHOTO_FIELD, [400, 200]),
			{
				id: `${options.path}-both`,
				name: CASE_NODE.both,
				type: 'n8n-nodes-base.merge',
				typeVersion: 3,
				position: [500, 100],
				parameters: { mode: 'combine', combineBy: 'combineByPosition', options: {} },
			},
		);
		// Items → Read Second → Both Files (input 2); the chain's Read → Both Files (input 1).
		connections[CASE_NODE.readSecond] = {
			main: [[{ node: CASE_NODE.both, type: 'main', index: 1 }]],
		};
		chain.push(CASE_NODE.both);
	}
	nodes.push({
		id: `${options.path}-argos`,
		name: CASE_NODE.argos,
		type: 'CUSTOM.argosIdLiveness',
		typeVersion: options.resource ? 3 : 1,
		position: [600, 0],
		webhookId: `${options.path}-argos`,
		parameters: options.resource
			? familyParameters(options, options.resource)
			: argosParameters(options),
		credentials: { argosIdentityApi: options.credential },
		...(options.onError && { onError: options.onError }),
	});
	chain.push(CASE_NODE.argos);

	for (let index = 0; index + 1 < chain.length; index++)
		connections[chain[index]] = { main: [[{ node: chain[index + 1], type: 'main', index: 0 }]] };
	if (connections[CASE_NODE.readSecond])
		(connections[CASE_NODE.items] as { main: IDataObject[][] }).main[0].push({
			node: CASE_NODE.readSecond,
			type: 'main',
			index: 0,
		});
	if (routes) {
		for (const [index, name] of [CASE_NODE.pass, CASE_NODE.review].entries()) {
			nodes.push({
				id: `${options.path}-${name.toLowerCase()}`,
				name,
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [800, index * 200 - 100],
				parameters: {},
			});
		}
		connections[CASE_NODE.argos] = {
			main: [
				[{ node: CASE_NODE.pass, type: 'main', index: 0 }],
				[{ node: CASE_NODE.review, type: 'main', index: 0 }],
			],
		};
	}
	return { name: options.name, nodes, connections, settings: { executionOrder: 'v1' } };
}
