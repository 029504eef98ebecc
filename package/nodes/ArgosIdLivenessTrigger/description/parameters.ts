import type { INodeProperties } from 'n8n-workflow';

import { CHECKS } from '../../resultsAndCallbacks/checks';
import { minimumScoreOptions } from '../../resultsAndCallbacks/minimumScores';

export const FAILED_ANALYSES = {
	sameOutput: 'sameOutput',
	separateOutput: 'separateOutput',
	ignore: 'ignore',
} as const;

export const argosIdLivenessTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'Copy this node\'s Production URL (or Test URL while building) into the "Callback URL" of an Argos ID Liveness node set to "Send Result to Callback URL", with the same credential: that node signs the link, and this trigger refuses callbacks without a valid signature unless "Accept Unsigned Callbacks" is on. Argos must be able to reach the URL from the internet.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Failed Analyses Output',
		name: 'failedAnalyses',
		type: 'options',
		noDataExpression: true,
		default: 'sameOutput',
		description:
			'Where a callback goes that reports an error (e.g. 1009 Fail to analyze document) instead of scores',
		options: [
			{
				name: 'Result Output',
				value: FAILED_ANALYSES.sameOutput,
				description:
					'Items will be sent to the same output as results, with verdict "review", the error and its Argos error code',
			},
			{
				name: 'Extra Output',
				value: FAILED_ANALYSES.separateOutput,
				description: 'Items will be sent to a separate "Failed Analysis" output',
			},
			{
				name: 'None',
				value: FAILED_ANALYSES.ignore,
				description: 'Items will be ignored: Argos gets its answer and no execution starts',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Accept Unsigned Callbacks',
				name: 'acceptUnsigned',
				type: 'boolean',
				default: false,
				description:
					'Whether to start the workflow for callbacks without the signature an Argos ID Liveness node adds (for documents sent by other programs). Anyone who learns this URL can then start runs with any result.',
			},
			{
				displayName: 'Checks for Unsigned',
				name: 'unsignedRequiredChecks',
				type: 'multiOptions',
				options: CHECKS.map((check) => ({ name: check.displayName, value: check.name })),
				default: ['screenReplay', 'paperPrinted', 'replacePortraits'],
				description:
					'The checks an unsigned ID Liveness callback must score, with "Accept Unsigned Callbacks" on; a missing one gives verdict "review". Signed links carry the checks that were asked for; an unsigned link with argosApi=compare or argosApi=recognition is read as Face Compare or ID Recognition.',
			},
			...minimumScoreOptions,
		],
	},
];
