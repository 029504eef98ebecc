import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { setOutputsOnResume } from '../../resultsAndCallbacks/n8nInternals';
import { MODE, waitLimitEnd, waitLimitInWords } from '../description/parameters';
import { connectToArgos } from '../transport/argosAccount';
import { validateCallbackUrl } from '../transport/documentRequest';
import { argosError, inputError } from './itemErrors';
import { bindResume } from './resumeWithCallback';
import { buildOutputs, type ItemOutcome } from './outputItems';
import { prepareItem } from './prepareItem';
import { sendItem } from './sendItem';

/**
 * "Submit and Wait for Result": sends the document with this execution's resume URL as the callback URL and
 * puts the execution to wait. The callback resumes it through the node's webhook (resumeWithCallback).
 */
export async function submitAndWait(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const node = context.getNode();
	if (items.length !== 1) {
		throw new NodeOperationError(
			node,
			`"Submit and Wait for Result" sends one item per execution, and this node received ${items.length}`,
			{
				description:
					'n8n resumes a waiting node only once. Put a Loop Over Items node (batch size 1) before this node, or use "Send Result to Callback URL" with an Argos ID Liveness Trigger to send many items.',
			},
		);
	}
	const continueOnFail = context.continueOnFail();

	const outputsFor = (outcome: ItemOutcome) => buildOutputs(node, [outcome], items);
	const settle = (outcome: ItemOutcome) => {
		if (!outcome.ok && !continueOnFail) throw outcome.problem;
		return outputsFor(outcome);
	};

	const prepared = await prepareItem(context, 0, MODE.submitAndWait);
	if (!prepared.ok) return settle(prepared);
	const { item, echo } = prepared;
	const { waitLimit, optionName } = item.wait!;

	// n8n's resume URL carries its own token (the "signature" query parameter), so it needs no signature of ours.
	const resumeUrl = context.evaluateExpression('{{ $execution.resumeUrl }}', 0) as string;
	if (!isSignedResumeUrl(resumeUrl)) {
		return settle({
			ok: false,
			problem: inputError(node, 0, {
				message:
					'This n8n gives an unsigned resume URL, so "Submit and Wait for Result" would not be safe',
				description:
					'Anyone who learnt the URL could resume the execution with a made-up result. Every n8n this package supports (2.39.0 and newer) signs it (its "signature" parameter): update n8n, or use "Send Result to Callback URL" with an Argos ID Liveness Trigger.',
			}),
			echo,
		});
	}
	const connection = await connectToArgos(context, item.options);
	const reachable = validateCallbackUrl(resumeUrl, connection.baseUrl);
	if (!reachable.ok) {
		return settle({
			ok: false,
			problem: inputError(node, 0, {
				message: `Argos could not call this execution back: ${reachable.problem}`,
				description: `n8n gave ${resumeUrl.split('?')[0]} as its resume URL. Set n8n's WEBHOOK_URL to the public address Argos can reach (e.g. https://n8n.example.com/) and restart n8n.`,
			}),
			echo,
		});
	}
	// The item is sent alone, so it is always wanted when its turn comes.
	const accepted = (await sendItem(
		context,
		{ ...item, resumeUrl: reachable.url },
		echo,
		connection,
	))!;
	if (!accepted.ok) return settle(accepted);
	const transactionId = String(accepted.json.transactionId);
	bindResume(context, {
		transactionId,
		checks: item.checks,
		minimumScores: item.minimumScores,
		reference: item.reference,
		...item.callbackTerms,
	});

	// When the wait limit passes, n8n resumes this node with the outputs set here (setOutputsOnResume): a timeout
	// error there makes a late or lost callback an error item, never an unchecked pass.
	const timedOut = argosError(
		node,
		0,
		{
			message: `Argos did not call back ${waitLimitInWords(waitLimit)}`,
			description: `Check that Argos can reach this n8n (WEBHOOK_URL must be its public URL), or raise "${optionName}". Argos may still finish the analysis: look it up by its transaction ID.`,
			transactionId,
			retryable: false,
		},
		'argosUnavailable',
	);
	setOutputsOnResume(context, outputsFor({ ok: false, problem: timedOut, echo }));

	await context.putExecutionToWait(waitLimitEnd(waitLimit, Date.now()));
	// Nothing is decided yet: no item on any output while the execution waits (n8n shows "Waiting"), as n8n's own
	// send-and-wait nodes do. The callback or the wait limit gives the node its output (see above).
	return buildOutputs(node, []);
}

/**
 * Whether n8n signed this execution's resume URL (its `signature` query parameter: n8n-core adds the execution's
 * resume token from n8n 2.14.2 on). Older n8n gives a plain `/webhook-waiting/<execution id>` that resumes the
 * execution for anyone (measured on n8n 1.123.81 and 2.0.3).
 */
export function isSignedResumeUrl(resumeUrl: string): boolean {
	try {
		return (new URL(resumeUrl).searchParams.get('signature') ?? '') !== '';
	} catch {
		return false;
	}
}
