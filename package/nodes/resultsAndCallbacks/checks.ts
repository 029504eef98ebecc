/** The vendor's three forgery checks: the key used in our output, and the pipeline flag sent to Argos. */
export const CHECKS = [
	{ name: 'screenReplay', pipeline: 'sr', displayName: 'Screen Replay' },
	{ name: 'paperPrinted', pipeline: 'pc', displayName: 'Paper Printed' },
	{ name: 'replacePortraits', pipeline: 'ps', displayName: 'Replace Portraits' },
] as const;

export type CheckName = (typeof CHECKS)[number]['name'];
export type Pipelines = Record<(typeof CHECKS)[number]['pipeline'], boolean>;
export type Scores = Partial<Record<CheckName, number>>;

export const CHECK_NAMES: readonly CheckName[] = CHECKS.map((check) => check.name);

export function pipelinesFor(checks: readonly CheckName[]): Pipelines {
	return {
		sr: checks.includes('screenReplay'),
		pc: checks.includes('paperPrinted'),
		ps: checks.includes('replacePortraits'),
	};
}
