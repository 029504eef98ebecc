/** Argos' three forgery checks: the key used in our output, and the pipeline flag sent to Argos. */
export const CHECKS = [
	{ name: 'screenReplay', pipeline: 'sr', displayName: 'Screen Replay' },
	{ name: 'paperPrinted', pipeline: 'pc', displayName: 'Paper Printed' },
	{ name: 'replacePortraits', pipeline: 'ps', displayName: 'Replace Portraits' },
] as const;

/**
 * What the package does, in the nodes panel's words: the action node's description, and the trigger's too, since n8n
 * shows the trigger's description on the one entry it makes of a node and its trigger ("Argos ID Liveness"), in
 * every view of the panel, "What happens next?" included (n8n-editor-ui 2.40, generateMergedNodesAndActions).
 */
export const NODES_PANEL_DESCRIPTION =
	'Check ID document photos for forgery (screen replay, paper print, portrait replacement), selfies for liveness, and whether two faces match';

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
