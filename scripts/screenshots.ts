/**
 * npm run screenshots: the README's pictures of the editor, taken from the pinned real n8n with the packed package,
 * the Argos emulator and the KYC example, in headless Chromium (tools/browser). Writes docs/images/*.png; fails on
 * any console error in the editor. Chromium: Debian's package, installed with apt-get when missing (as root).
 */
import { mkdirSync } from 'fs';
import * as path from 'path';

import { writeFamilySamples } from '../emulator/family/familySamples';
import { writeSampleImages } from '../emulator/sampleImages';
import { N8nEditor, newWorkflow } from '../tools/browser/editor';
import { asCustomNodes, EXAMPLE_CREDENTIAL, readExample } from '../tools/argos-stack/argosStack';
import { samplePath, startExampleStack } from '../tools/argos-stack/exampleStack';
import { APPLICANTS, applicantForm, KYC_DECISION } from '../tools/argos-stack/kycApplicants';
import { repoRoot } from '../tools/n8n/paths';

const KYC = 'kyc-intake.json';
const SUBMIT_AND_WAIT = 'submit-and-wait.json';
const RECEIVER = 'async-trigger.json';
const ACTION_NODE = 'Argos ID Liveness';
const TRIGGER_NODE = 'Argos ID Liveness Trigger';
const MANUAL_TRIGGER = "When clicking 'Execute workflow'";
const imagesDir = path.join(repoRoot, 'docs', 'images');

async function main(): Promise<void> {
	await writeSampleImages(path.dirname(samplePath('manifest.json')));
	await writeFamilySamples(path.dirname(samplePath('family/manifest.json')));
	mkdirSync(imagesDir, { recursive: true });
	// Argos calls back only after the screenshots, so the Submit and Wait execution is still waiting when shot.
	const examples = await startExampleStack({
		files: [KYC, SUBMIT_AND_WAIT, RECEIVER, KYC_DECISION.file],
		emulator: { callbackDelayMs: 30 * 60_000 },
	});
	let editor: N8nEditor | undefined;
	try {
		const workflowId = examples.workflowIds[KYC];
		await examples.submit(KYC, 'CASE-1001', 'genuine.jpg');
		const review = await examples.submit(KYC, 'CASE-1002', 'screen-replay.jpg');
		const unusable = await examples.submit(KYC, 'CASE-1003', 'too-small.jpg');
		const waiting = await examples.submit(SUBMIT_AND_WAIT, 'CASE-1004', 'genuine.jpg', 'waiting');
		const expired = APPLICANTS.find((applicant) => applicant.who.startsWith('Cy'))!;
		const { execution: decided } = await examples.submitFormAndRead(
			KYC_DECISION.file,
			applicantForm(expired, 'CASE-1005'),
		);
		// The examples as a user imports them (placeholder URLs), for the canvas; the running copies point at loopback.
		const asImported = await examples.stack.rest.createWorkflow(asCustomNodes(readExample(KYC)));
		const decisionAsImported = await examples.stack.rest.createWorkflow(
			asCustomNodes(readExample(KYC_DECISION.file)),
		);

		editor = await N8nEditor.signIn(examples.stack.n8n.baseUrl);
		const shoot = async (name: string) => {
			await editor?.page.screenshot({ path: path.join(imagesDir, name) });
			console.log(`docs/images/${name}`);
		};

		await editor.openWorkflow(asImported.id);
		await shoot('kyc-example-canvas.png');

		await editor.openWorkflow(decisionAsImported.id);
		await shoot('kyc-decision-canvas.png');

		await editor.nodeActions('Argos', ACTION_NODE);
		await shoot('nodes-panel-actions.png');

		// The panel after a node ("What happens next?"), in a new workflow that has only its trigger.
		const started = await examples.stack.rest.createWorkflow(
			newWorkflow('My onboarding workflow', MANUAL_TRIGGER),
		);
		await editor.openWorkflow(started.id);
		await editor.whatHappensNext(MANUAL_TRIGGER, 'Argos');
		await shoot('what-happens-next.png');

		await editor.openWorkflow(workflowId);
		await editor.openNode(ACTION_NODE);
		await shoot('action-node-parameters.png');

		await editor.openExecution(workflowId, review.id);
		const panel = await editor.openNode(ACTION_NODE);
		await editor.widenOutputPanel();
		await panel.locator('[data-test-id="branches"]').waitFor();
		await shoot('run-output-pass-review.png');

		// An error item: in the result's shape, with its errorType, on Review.
		await editor.openExecution(workflowId, unusable.id);
		await editor.openNode(ACTION_NODE);
		await editor.widenOutputPanel();
		await shoot('run-output-error-item.png');

		// Submit and Wait while Argos has not answered: the notices, and nothing on Pass or Review.
		await editor.openExecution(examples.workflowIds[SUBMIT_AND_WAIT], waiting.id);
		await editor.openNode(ACTION_NODE);
		await shoot('submit-and-wait-waiting.png');

		// ID Recognition: its parameters, and what it read from an expired passport, in the KYC decision example.
		const decisionWorkflowId = examples.workflowIds[KYC_DECISION.file];
		await editor.openWorkflow(decisionWorkflowId);
		await editor.openNode(KYC_DECISION.checks[0]);
		await shoot('recognition-node-parameters.png');
		await editor.openExecution(decisionWorkflowId, decided.id);
		await editor.openNode(KYC_DECISION.checks[0]);
		await editor.widenOutputPanel();
		await editor.showOutputAs('JSON');
		await shoot('run-output-recognition.png');
		await editor.openExecution(decisionWorkflowId, decided.id);
		await editor.openNode(KYC_DECISION.decide);
		await editor.widenOutputPanel();
		await shoot('run-output-decision.png');

		await editor.openWorkflow(examples.workflowIds[RECEIVER]);
		await editor.openNode(TRIGGER_NODE);
		await editor.widenInputPanel();
		await shoot('trigger-panel.png');

		await editor.openCredential(EXAMPLE_CREDENTIAL.id);
		await shoot('credential-dialog.png');

		if (editor.consoleErrors.length > 0)
			throw new Error(`the editor logged errors:\n${editor.consoleErrors.join('\n')}`);
	} finally {
		await editor?.close();
		await examples.stop();
	}
}

void main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
