/**
 * What the editor shows of the action node in each version, as n8n resolves it (NodeHelpers.getNodeParameters, with
 * defaults): versions 1 and 2 as before version 3 came, and version 3's resources with their own parameters only.
 */
import {
	NodeHelpers,
	type INode,
	type INodeParameters,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { ArgosIdLiveness } from '../../package/nodes/ArgosIdLiveness/ArgosIdLiveness.node';

const { description } = new ArgosIdLiveness();

function shown(typeVersion: number, parameters: INodeParameters) {
	const node = { typeVersion, parameters, name: 'Argos', type: 'argosIdLiveness' } as INode;
	return NodeHelpers.getNodeParameters(
		description.properties,
		parameters,
		true,
		false,
		node,
		description,
	);
}

const ID_LIVENESS = {
	reference: '',
	imageSource: 'binary',
	binaryPropertyName: 'data',
	screenReplay: true,
	paperPrinted: true,
	replacePortraits: true,
	routeByVerdict: false,
	options: {},
};

describe('versions 1 and 2: ID Liveness as before, whatever else the parameters hold', () => {
	it.each([
		[1, { mode: 'waitForResult' }],
		[2, { operation: 'waitForResult' }],
	])('version %i', (typeVersion, parameters) => {
		const expected = { ...parameters, ...ID_LIVENESS };
		expect(shown(typeVersion, parameters)).toEqual(expected);
		// a resource left in the parameters hides nothing and is dropped
		expect(shown(typeVersion, { ...parameters, resource: 'faceCompare' })).toEqual(expected);
	});
});

describe('version 3: a resource, and per resource its operation and parameters', () => {
	it('ID Liveness by default, with version 2 parameters', () => {
		expect(shown(3, {})).toEqual({
			resource: 'idLiveness',
			operation: 'waitForResult',
			...ID_LIVENESS,
		});
	});

	it('Face Liveness: one image, no checks', () => {
		expect(shown(3, { resource: 'faceLiveness' })).toEqual({
			resource: 'faceLiveness',
			operation: 'waitForResult',
			reference: '',
			imageSource: 'binary',
			binaryPropertyName: 'data',
			routeByVerdict: false,
			options: {},
		});
	});

	/** Face Compare's parameters in every operation. */
	const FACE_COMPARE = {
		resource: 'faceCompare',
		reference: '',
		originImageSource: 'binary',
		originBinaryPropertyName: 'idPhoto',
		targetImageSource: 'binary',
		targetBinaryPropertyName: 'selfie',
		minimumSimilarity: 0.8,
		options: {},
	};

	it('Face Compare: origin and target images and the minimum similarity', () => {
		expect(shown(3, { resource: 'faceCompare' })).toEqual({
			...FACE_COMPARE,
			operation: 'waitForResult',
			routeByVerdict: false,
		});
	});

	it.each([
		['sendToCallbackUrl', { callbackUrl: '', callbackNotice: '' }],
		['submitAndWait', { resumeNotice: '', waitNotice: '', routeByVerdict: false }],
	])(
		'Face Compare "%s": the callback parameters of ID Liveness',
		(operation, callbackParameters) => {
			expect(shown(3, { resource: 'faceCompare', operation })).toEqual({
				...FACE_COMPARE,
				...callbackParameters,
				operation,
			});
		},
	);

	it("lists every version 3 operation as an action under its resource in n8n's nodes panel", () => {
		const actions = description.properties
			.filter(
				(property) => property.name === 'operation' && property.displayOptions?.show?.resource,
			)
			.map((property) => [
				property.displayOptions!.show!.resource,
				(property.options as INodePropertyOptions[]).map((option) => option.action),
			]);
		expect(actions).toEqual([
			[
				['idLiveness'],
				[
					'Analyze an ID document',
					'Analyze an ID document and send the result to a URL',
					'Analyze an ID document and pause until Argos calls back',
				],
			],
			[['faceLiveness'], ['Check a selfie for liveness']],
			[
				['faceCompare'],
				[
					'Compare two faces',
					'Compare two faces and send the result to a callback URL',
					'Compare two faces and wait for the callback',
				],
			],
			[
				['idRecognition'],
				[
					'Read an ID document',
					'Read an ID document and send the result to a URL',
					'Read an ID document and pause until Argos calls back',
				],
			],
		]);
	});
});
