import type { IExecuteFunctions } from 'n8n-workflow';

import { decodeBase64Image } from '../helpers/base64Image';
import type { InputProblem } from '../../resultsAndCallbacks/inputProblem';

export type ImageBytes = { ok: true; bytes: Buffer } | { ok: false; problem: InputProblem };

/**
 * The ID photo of one item, from a binary field (read through n8n's helpers, so it works in filesystem
 * and database binary modes alike) or from a base64 / data: URL field.
 */
export async function readImage(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<ImageBytes> {
	const source = context.getNodeParameter('imageSource', itemIndex) as string;
	if (source === 'base64')
		return decodeBase64Image(context.getNodeParameter('imageBase64', itemIndex));

	const binaryPropertyName = context.getNodeParameter('binaryPropertyName', itemIndex) as string;
	const binary = context.getInputData()[itemIndex]?.binary ?? {};
	if (!binary[binaryPropertyName]) {
		const available = Object.keys(binary);
		return {
			ok: false,
			problem: {
				message: `The item has no binary field "${binaryPropertyName}"`,
				description: available.length
					? `Set "Input Binary Field" to one of: ${available.join(', ')}.`
					: 'The item has no files at all. Connect a node that provides the ID photo (e.g. a Form Trigger with a file field or an HTTP Request that downloads it), or choose "Base64 String or Data URL" as the image source.',
			},
		};
	}
	return {
		ok: true,
		bytes: await context.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName),
	};
}
