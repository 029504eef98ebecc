import type { IExecuteFunctions } from 'n8n-workflow';

import { checkIdImage } from '../helpers/imageRules';
import { inputError, type ItemError } from './itemErrors';
import { readItemSettings, type ItemSettings } from './itemSettings';
import { readImage } from './readImage';

export type PreparedItem = { ok: true; settings: ItemSettings } | { ok: false; error: ItemError };

/** Everything about an item that can be known without the API: its parameters and its image. */
export async function prepareItem(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<PreparedItem> {
	const settings = readItemSettings(context, itemIndex);
	if (!settings.ok)
		return { ok: false, error: inputError(context.getNode(), itemIndex, settings.problem) };
	const image = await readImage(context, itemIndex);
	if (!image.ok)
		return { ok: false, error: inputError(context.getNode(), itemIndex, image.problem) };
	const verdict = checkIdImage(image.bytes, {
		enforceMinimumSize: settings.settings.enforceMinimumSize,
	});
	if (!verdict.ok)
		return { ok: false, error: inputError(context.getNode(), itemIndex, verdict.problem) };
	return { ok: true, settings: settings.settings };
}
