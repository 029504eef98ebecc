/**
 * The test bed plus a "Case Lookup" node standing for any node after the Argos node that reaches back to an
 * earlier node's item, as `{{ $('Start').item.json.caseId }}` does: it only works while n8n can follow each
 * item's pairedItem back through the Argos node to the item it came from.
 */
import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import type { EmulatorOptions } from '../../../emulator';
import { startTestBed, type ArgosTestBed } from './argosTestBed';

export const LOOKUP_TYPE = 'test.caseLookup';

/** Outputs, per item, what `{{ $('Start').item.json.caseId }}` gives, or the error n8n raises evaluating it. */
class CaseLookup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Case Lookup',
		name: LOOKUP_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Looks up the case of an item at the Start node',
		defaults: { name: 'Case Lookup' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((_item, itemIndex) => {
				try {
					return {
						json: {
							caseId: this.evaluateExpression(
								"{{ $('Start').item.json.caseId }}",
								itemIndex,
							) as string,
						},
						pairedItem: { item: itemIndex },
					};
				} catch (error) {
					return {
						json: { lookupError: (error as Error).message },
						pairedItem: { item: itemIndex },
					};
				}
			}),
		];
	}
}

export async function startLineageBed(emulatorOptions: EmulatorOptions): Promise<ArgosTestBed> {
	return await startTestBed({
		emulator: emulatorOptions,
		extraNodeTypes: { [LOOKUP_TYPE]: new CaseLookup() },
	});
}
