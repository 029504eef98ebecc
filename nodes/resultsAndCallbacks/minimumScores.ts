import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { CheckName, Scores } from './checks';
import type { InputProblem } from './inputProblem';
import { DEFAULT_MINIMUM_SCORE } from './scoring';

const OPTION_NAMES: Record<CheckName, string> = {
	screenReplay: 'minimumScreenReplay',
	paperPrinted: 'minimumPaperPrinted',
	replacePortraits: 'minimumReplacePortraits',
};

const minimumScoreOption = (check: string, name: string): INodeProperties => ({
	displayName: `Minimum ${check} Score`,
	name,
	type: 'number',
	default: DEFAULT_MINIMUM_SCORE,
	typeOptions: { minValue: 0, maxValue: 100 },
	description: `The lowest ${check} score (0–100) that passes; a lower score sends the item to review. ${DEFAULT_MINIMUM_SCORE} is where the vendor's "low risk" band starts.`,
});

/** The same three options in the action node and the trigger, so both reach the same verdict. In n8n's alphabetical order. */
export const minimumScoreOptions: INodeProperties[] = [
	minimumScoreOption('Paper Printed', OPTION_NAMES.paperPrinted),
	minimumScoreOption('Replace Portraits', OPTION_NAMES.replacePortraits),
	minimumScoreOption('Screen Replay', OPTION_NAMES.screenReplay),
];

export type MinimumScoresResult =
	{ ok: true; minimumScores: Scores } | { ok: false; problem: InputProblem };

export function readMinimumScores(
	options: IDataObject,
	checks: readonly CheckName[],
): MinimumScoresResult {
	const minimumScores: Scores = {};
	for (const check of checks) {
		const minimum = options[OPTION_NAMES[check]] ?? DEFAULT_MINIMUM_SCORE;
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
	return { ok: true, minimumScores };
}
