import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { MODE, type Mode } from '../description/parameters';
import { checkItems } from './checkItems';
import { submitAndWait } from './submitAndWait';

export async function route(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const mode = context.getNodeParameter('mode', 0) as Mode;
	return mode === MODE.submitAndWait ? await submitAndWait(context) : await checkItems(context);
}
