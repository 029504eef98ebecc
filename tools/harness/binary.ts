import { prepareBinaryData } from 'n8n-core';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** Where input fixtures are filed; n8n files binary data by workflow and execution. */
const FIXTURE_WORKFLOW_ID = 'harnessFixtures';
const FIXTURE_EXECUTION_ID = 'fixtures';

/**
 * An input item carrying a file, made by n8n-core's own `prepareBinaryData`, so the
 * item holds only metadata and an id (`filesystem-v2:...`) while the bytes sit on
 * disk, as when a trigger or Read File node produced it in a default n8n.
 * `property` is the binary property name (n8n's default: `data`).
 */
export async function binaryItem(
	buffer: Buffer,
	fileName: string,
	mimeType: string,
	json: IDataObject = {},
	property = 'data',
): Promise<INodeExecutionData> {
	const binary = await prepareBinaryData(
		buffer,
		FIXTURE_EXECUTION_ID,
		FIXTURE_WORKFLOW_ID,
		fileName,
		mimeType,
	);
	return { json, binary: { [property]: binary } };
}
