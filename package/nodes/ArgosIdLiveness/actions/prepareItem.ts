import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { linkReferenceProblem } from '../../resultsAndCallbacks/callbackSignature';
import { CHECK_NAMES, type CheckName, type Scores } from '../../resultsAndCallbacks/checks';
import type { InputProblem } from '../../resultsAndCallbacks/inputProblem';
import { readMinimumScores } from '../../resultsAndCallbacks/minimumScores';
import { ImageSource, type ImageOrigin } from '../helpers/imageSource';
import {
	MODE,
	optionsWithDefaults,
	readItemOptions,
	readWaitLimit,
	type ItemOptions,
	type Mode,
	type WaitLimit,
} from '../description/parameters';
import { readArgosAccount } from '../transport/argosAccount';
import { validateCallbackUrl } from '../transport/documentRequest';
import { asItemError, inputError, type ItemError } from './itemErrors';
import type { ItemEcho } from './outputItems';
import { readParameter } from './readParameter';

/** Everything the later steps need of one item, read from its parameters once: they read nothing more. */
export interface ReadyItem {
	itemIndex: number;
	checks: CheckName[];
	minimumScores: Scores;
	options: ItemOptions;
	/**
	 * The case reference, echoed in the output; with a callback URL it rides in the URL's query (signed when the
	 * credential has a callback secret).
	 */
	reference?: string;
	/** Send Result to Callback URL: where Argos is told to POST the result. */
	callbackUrl?: string;
	/** Submit and Wait for Result: this execution's resume URL, sent as n8n gives it (n8n signs it). */
	resumeUrl?: string;
	/** Submit and Wait for Result: how long the execution waits for the callback, and the option that says so. */
	wait?: { waitLimit: WaitLimit; optionName: string };
	/** The checked photo: its bytes kept from the pre-flight, or read again when sent. */
	image: ImageSource;
}

/** An item after step 1: ready to send, or its error; either way what its output item echoes. */
export type PreparedItem = { echo: ItemEcho } & (
	{ ok: true; item: ReadyItem } | { ok: false; problem: ItemError }
);

/** n8n keeps at most this many characters of an execution's custom data value, where Submit and Wait keeps it. */
const MAX_WAITING_REFERENCE_LENGTH = 512;

/**
 * Step 1, prepare: everything about an item that can be known without the API, checked before any credit is spent:
 * its parameters (each read once; an expression that fails becomes the item's error, naming the parameter) and its
 * image, checked whole (its structure up to the end marker). Never throws.
 */
export async function prepareItem(
	context: IExecuteFunctions,
	itemIndex: number,
	mode: Mode,
): Promise<PreparedItem> {
	const echo: ItemEcho = { reference: null, keepBinary: true };
	let referenceRead = false;
	const failWith = (problem: InputProblem, errorType?: 'unusablePhoto'): PreparedItem => ({
		ok: false,
		problem: inputError(context.getNode(), itemIndex, problem, errorType),
		echo,
	});
	try {
		const rawOptions = readParameter(context, 'options', itemIndex, {}) as IDataObject;
		echo.keepBinary = optionsWithDefaults(rawOptions).keepBinary !== false;
		const options = readItemOptions(rawOptions);
		if (!options.ok) return failWith(options.problem);

		const checks = CHECK_NAMES.filter((name) => readParameter(context, name, itemIndex) === true);
		if (checks.length === 0) {
			return failWith({
				message: 'No check is turned on',
				description: 'Turn on at least one of Screen Replay, Paper Printed or Replace Portraits.',
			});
		}
		const minimumScores = readMinimumScores(options.options, checks);
		if (!minimumScores.ok) return failWith(minimumScores.problem);

		referenceRead = true;
		const reference = referenceParameter(context, itemIndex);
		echo.reference = reference ?? null;
		const item: Omit<ReadyItem, 'image'> = {
			itemIndex,
			checks,
			minimumScores: minimumScores.minimumScores,
			options: options.options,
			reference,
		};
		if (mode === MODE.submitAndWait) {
			if ((reference?.length ?? 0) > MAX_WAITING_REFERENCE_LENGTH) {
				return failWith({
					message: `The Reference is ${reference!.length} characters long; Submit and Wait keeps at most ${MAX_WAITING_REFERENCE_LENGTH}`,
					description:
						'The waiting execution keeps the reference in its custom data, which n8n cuts at 512 characters. Use a shorter reference, such as a case or contact ID.',
				});
			}
			const wait = readWaitLimit(rawOptions, context.getNode().typeVersion, Date.now());
			if (!wait.ok) return failWith(wait.problem);
			item.wait = { waitLimit: wait.waitLimit, optionName: wait.optionName };
		}
		if (mode === MODE.sendToCallbackUrl) {
			const linkProblem = reference === undefined ? undefined : linkReferenceProblem(reference);
			if (linkProblem) return failWith(linkProblem);
			const callbackUrl = validateCallbackUrl(
				readParameter(context, 'callbackUrl', itemIndex),
				(await readArgosAccount(context)).baseUrl,
			);
			if (!callbackUrl.ok) {
				return failWith({
					message: `The Callback URL is not usable: ${callbackUrl.problem}`,
					description:
						"Set an absolute https:// URL that Argos can reach from the internet, without user name, password or spaces: such as the production URL of an Argos ID Liveness Trigger on n8n's public address (n8n's WEBHOOK_URL).",
				});
			}
			item.callbackUrl = callbackUrl.url;
		}

		const image = new ImageSource(
			context,
			itemIndex,
			readImageOrigin(context, itemIndex, options.options),
			options.options.enforceMinimumSize,
		);
		const validated = await image.validate();
		if (!validated.ok) return failWith(validated.problem, 'unusablePhoto');
		return { ok: true, item: { ...item, image }, echo };
	} catch (error) {
		// The reference is echoed even when reading an earlier parameter failed.
		if (!referenceRead) echo.reference = readReferenceOrNull(context, itemIndex);
		return { ok: false, problem: asItemError(context.getNode(), error, itemIndex), echo };
	}
}

/** The item's Reference parameter; empty is none. */
function referenceParameter(context: IExecuteFunctions, itemIndex: number): string | undefined {
	const reference = readParameter(context, 'reference', itemIndex, '');
	return reference === '' || reference === null || reference === undefined
		? undefined
		: String(reference);
}

/** The reference an error item echoes; null too when it cannot be read (the item's failure says why). */
function readReferenceOrNull(context: IExecuteFunctions, itemIndex: number): string | null {
	try {
		return referenceParameter(context, itemIndex) ?? null;
	} catch {
		return null;
	}
}

/** What an item's output echoes when the run failed before the item could be prepared. */
export function readEcho(context: IExecuteFunctions, itemIndex: number): ItemEcho {
	let keepBinary = true;
	try {
		keepBinary =
			optionsWithDefaults(readParameter(context, 'options', itemIndex, {}) as IDataObject)
				.keepBinary !== false;
	} catch {
		// the item's failure says why; its files stay
	}
	return { reference: readReferenceOrNull(context, itemIndex), keepBinary };
}

function readImageOrigin(
	context: IExecuteFunctions,
	itemIndex: number,
	options: ItemOptions,
): ImageOrigin {
	const source = readParameter(context, 'imageSource', itemIndex) as string;
	if (source === 'base64')
		return { source, value: readParameter(context, 'imageBase64', itemIndex) };
	if (source === 'url') {
		return {
			source,
			url: readParameter(context, 'imageUrl', itemIndex),
			timeoutMs: options.timeoutSeconds * 1000,
		};
	}
	return {
		source: 'binary',
		propertyName: readParameter(context, 'binaryPropertyName', itemIndex) as string,
	};
}
