import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { CHECKS, type CheckName, type Scores } from '../../shared/checks';
import { checkCallbackUrl } from '../../shared/documentRequest';
import type { InputProblem } from '../../shared/inputProblem';
import { DEFAULT_MINIMUM_SCORE } from '../../shared/scoring';
import { MODE, type Mode } from '../description/parameters';

/** What one item asks for; parameters may be expressions, so they are read per item. */
export interface ItemSettings {
	mode: Mode;
	checks: CheckName[];
	minimumScores: Scores;
	useUpcomingVersion: boolean;
	enforceMinimumSize: boolean;
	keepBinary: boolean;
	callbackUrl?: string;
}

export type ItemSettingsResult = { ok: true; settings: ItemSettings } | { ok: false; problem: InputProblem };

const MINIMUM_SCORE_OPTIONS: Record<CheckName, string> = {
	screenReplay: 'minimumScreenReplay',
	paperPrinted: 'minimumPaperPrinted',
	replacePortraits: 'minimumReplacePortraits',
};

export function readItemSettings(context: IExecuteFunctions, itemIndex: number): ItemSettingsResult {
	const mode = context.getNodeParameter('mode', itemIndex) as Mode;
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;

	const checks = CHECKS.map((check) => check.name).filter((name) => context.getNodeParameter(name, itemIndex) === true);
	if (checks.length === 0) {
		return {
			ok: false,
			problem: {
				message: 'No check is turned on',
				description: 'Turn on at least one of Screen Replay, Paper Printed or Replace Portraits.',
			},
		};
	}

	const minimumScores: Scores = {};
	for (const check of checks) {
		const minimum = options[MINIMUM_SCORE_OPTIONS[check]] ?? DEFAULT_MINIMUM_SCORE;
		if (typeof minimum !== 'number' || !(minimum >= 0 && minimum <= 100)) {
			return {
				ok: false,
				problem: {
					message: `The minimum ${check} score "${String(minimum)}" is not a number from 0 to 100`,
					description: 'Set the minimum scores in the node options to numbers from 0 to 100.',
				},
			};
		}
		minimumScores[check] = minimum;
	}

	const settings: ItemSettings = {
		mode,
		checks,
		minimumScores,
		useUpcomingVersion: options.useUpcomingVersion === true,
		enforceMinimumSize: options.enforceMinimumSize !== false,
		keepBinary: options.keepBinary !== false,
	};

	if (mode === MODE.sendToCallbackUrl) {
		const callbackUrl = checkCallbackUrl(context.getNodeParameter('callbackUrl', itemIndex));
		if (!callbackUrl.ok) {
			return {
				ok: false,
				problem: {
					message: `The Callback URL is not usable: ${callbackUrl.reason}`,
					description: 'Set an absolute https:// URL that Argos can reach, such as the production URL of an Argos ID Liveness Trigger.',
				},
			};
		}
		settings.callbackUrl = callbackUrl.url;
	}
	return { ok: true, settings };
}
