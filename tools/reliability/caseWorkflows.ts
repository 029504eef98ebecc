/**
 * The workflows the reliability matrices run in a real n8n. One shape serves all of them:
 * Webhook "Start" (JSON body `{ items: [...] }`) → Split Out "Items" → [Read/Write Files from Disk "Read", one file
 * per item from `item.file`] → Argos ID Liveness → (Pass / Review when routing by verdict).
 * Every Argos parameter a case may set is an expression reading the item's `p` object, so values arrive as an
 * expression delivers them (strings stay strings) and differ per item; parameters a case leaves out get the
 * node's declared default.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import {
	argosIdLivenessProperties,
	optionsWithDefaults,
	type Mode,
} from '../../package/nodes/ArgosIdLiveness/description/parameters';

export const CASE_NODE = {
	start: 'Start',
	items: 'Items',
	read: 'Read',
	argos: 'Argos ID Liveness',
	pass: 'Pass',
	review: 'Review',
} as const;

/** The binary field the Read node fills and the Argos node reads. */
const CASE_PHOTO_FIELD = 'idPhoto';

export interface CredentialRef {
	id: string;
	name: string;
}

/** One item as posted to a case workflow. */
export interface CaseItem {
	/** Binary workflows: the file the Read node loads for this item. */
	file?: string;
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
	if (options.imageSource === 'binary') {
		nodes.push({
			id: `${options.path}-read`,
			name: CASE_NODE.read,
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1.1,
			position: [400, 0],
			parameters: {
				operation: 'read',
				fileSelector: '={{ $json.file }}',
				options: { dataPropertyName: CASE_PHOTO_FIELD },
			},
		});
		chain.push(CASE_NODE.read);
	}
	nodes.push({
		id: `${options.path}-argos`,
		name: CASE_NODE.argos,
		type: 'CUSTOM.argosIdLiveness',
		typeVersion: 1,
		position: [600, 0],
		webhookId: `${options.path}-argos`,
		parameters: argosParameters(options),
		credentials: { argosIdentityApi: options.credential },
		...(options.onError && { onError: options.onError }),
	});
	chain.push(CASE_NODE.argos);

	const connections: IDataObject = {};
	for (let index = 0; index + 1 < chain.length; index++)
		connections[chain[index]] = { main: [[{ node: chain[index + 1], type: 'main', index: 0 }]] };
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
