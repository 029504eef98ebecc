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
		displayName: 'Failed Analyses',
		name: 'failedAnalyses',
		type: 'options',
		noDataExpression: true,
		default: 'sameOutput',
		description:
			'What to do with a callback that reports an error (e.g. 1009 Fail to analyze document) instead of scores',
		options: [
			{
				name: 'Output Them Like Results',
				value: FAILED_ANALYSES.sameOutput,
				description: 'Start the workflow with the error, verdict "review" and the vendor\'s code',
			},
			{
				name: 'Send Them to a Second Output',
				value: FAILED_ANALYSES.separateOutput,
				description: 'A "Failed Analysis" output beside the results',
			},
			{
				name: 'Ignore Them',
				value: FAILED_ANALYSES.ignore,
				description: 'Answer Argos but start nothing',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Accept Unsigned Callbacks',
				name: 'acceptUnsigned',
				type: 'boolean',
				default: false,
				description:
					'Whether to start the workflow for callbacks without the signature an Argos ID Liveness node adds (for checks sent by other programs). Anyone who learns this URL can then start runs with any result.',
			},
			{
				displayName: 'Checks Required in Unsigned Callbacks',
				name: 'unsignedRequiredChecks',
				type: 'multiOptions',
				options: CHECKS.map((check) => ({ name: check.displayName, value: check.name })),
				default: ['screenReplay', 'paperPrinted', 'replacePortraits'],
				description:
					'With "Accept Unsigned Callbacks": the checks an unsigned callback must score; a missing one gives verdict "review". Signed links carry the checks that were asked for.',
			},
			...minimumScoreOptions,
		],
	},
];
