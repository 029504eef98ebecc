import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { CHECK_NAMES, type CheckName, type Scores } from '../../resultsAndCallbacks/checks';
import { checkCallbackUrl } from '../transport/documentRequest';
import type { InputProblem } from '../../resultsAndCallbacks/inputProblem';
import { readMinimumScores } from '../../resultsAndCallbacks/minimumScores';
import { MODE, type Mode } from '../description/parameters';

/** What one item asks for; parameters may be expressions, so they are read per item. */
export interface ItemSettings {
	checks: CheckName[];
	minimumScores: Scores;
	useUpcomingVersion: boolean;
	enforceMinimumSize: boolean;
	/** Where Argos is told to POST the result: the user's URL, or this execution's resume URL. */
	callbackUrl?: string;
	/** Rides in the callback URL's query (signed when the credential has a callback secret). */
	reference?: string;
	callbackValidHours: number;
}

export type ItemSettingsResult =
	{ ok: true; settings: ItemSettings } | { ok: false; problem: InputProblem };

export function readItemSettings(
	context: IExecuteFunctions,
	itemIndex: number,
): ItemSettingsResult {
	const mode = context.getNodeParameter('mode', itemIndex) as Mode;
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;

	const checks = CHECK_NAMES.filter((name) => context.getNodeParameter(name, itemIndex) === true);
	if (checks.length === 0) {
		return {
			ok: false,
			problem: {
				message: 'No check is turned on',
				description: 'Turn on at least one of Screen Replay, Paper Printed or Replace Portraits.',
			},
		};
	}

	const minimumScores = readMinimumScores(options, checks);
	if (!minimumScores.ok) return minimumScores;

	const settings: ItemSettings = {
		checks,
		minimumScores: minimumScores.minimumScores,
		useUpcomingVersion: options.useUpcomingVersion === true,
		enforceMinimumSize: options.enforceMinimumSize !== false,
		callbackValidHours: Number(options.callbackValidHours ?? 24),
	};

	if (mode === MODE.sendToCallbackUrl) {
		const callbackUrl = checkCallbackUrl(context.getNodeParameter('callbackUrl', itemIndex));
		if (!callbackUrl.ok) {
			return {
				ok: false,
				problem: {
					message: `The Callback URL is not usable: ${callbackUrl.reason}`,
					description:
						'Set an absolute https:// URL that Argos can reach, such as the production URL of an Argos ID Liveness Trigger.',
				},
			};
		}
		settings.callbackUrl = callbackUrl.url;
		settings.reference = String(context.getNodeParameter('reference', itemIndex, '') ?? '');
	}
	return { ok: true, settings };
}
