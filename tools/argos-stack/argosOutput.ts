import type { IDataObject } from 'n8n-workflow';

import { CHECK_NAMES, type Scores } from '../../package/nodes/resultsAndCallbacks/checks';

/** The scores an Argos ID Liveness output item holds, by check: its `screenReplay`, `paperPrinted`, … numbers. */
export function scoresOf(json: IDataObject): Scores {
	const scores: Scores = {};
	for (const check of CHECK_NAMES)
		if (typeof json[check] === 'number') scores[check] = json[check] as number;
	return scores;
}
