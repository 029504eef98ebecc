import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { CheckName, Scores } from './checks';
import type { InputProblem } from './inputProblem';
import { readNumberOption } from './numberOptions';
import { DEFAULT_MINIMUM_SCORE } from './scoring';

const minimumScoreOption = (check: string, name: string): INodeProperties => ({
	// Short enough for the panel's label width (n8n cuts longer labels: "Minimum Screen Replay Sc…").
	displayName: `Min. ${check}`,
	name,
	type: 'number',
	default: DEFAULT_MINIMUM_SCORE,
	typeOptions: { minValue: 0, maxValue: 100 },
	description: `The minimum ${check} score (0–100) that passes; a lower score sends the item to review. ${DEFAULT_MINIMUM_SCORE} is where Argos' "low risk" band starts.`,
});

const MINIMUM_SCORE_OPTIONS: Record<CheckName, INodeProperties> = {
	screenReplay: minimumScoreOption('Screen Replay', 'minimumScreenReplay'),
	paperPrinted: minimumScoreOption('Paper Printed', 'minimumPaperPrinted'),
	replacePortraits: minimumScoreOption('Replace Portraits', 'minimumReplacePortraits'),
};

/** The same three options in the action node and the trigger, so both reach the same verdict. In n8n's alphabetical order. */
export const minimumScoreOptions: INodeProperties[] = [
	MINIMUM_SCORE_OPTIONS.paperPrinted,
	MINIMUM_SCORE_OPTIONS.replacePortraits,
	MINIMUM_SCORE_OPTIONS.screenReplay,
];

type MinimumScoresResult =
	{ ok: true; minimumScores: Scores } | { ok: false; problem: InputProblem };

/** The minimum scores of `checks`; a number or numeric text (from an expression) within the declared range. */
export function readMinimumScores(
	options: IDataObject,
	checks: readonly CheckName[],
): MinimumScoresResult {
	const minimumScores: Scores = {};
	for (const check of checks) {
		const read = readNumberOption(MINIMUM_SCORE_OPTIONS[check], options);
		if (!read.ok) return read;
		minimumScores[check] = read.value;
	}
	return { ok: true, minimumScores };
}
