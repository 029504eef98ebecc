import { Logger } from '@n8n/backend-common';
import { InstanceSettingsConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import { BinaryDataConfig, BinaryDataService, InstanceSettings } from 'n8n-core';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The process-wide n8n services that n8n-core reaches through its DI `Container`
 * (every node context asks the Container for InstanceSettings, binary helpers ask
 * it for BinaryDataService). Jest gives each test file its own module registry,
 * hence its own Container, so this is set up once per test file.
 */
interface N8nEnvironment {
	/** Temporary n8n user folder: settings file and binary data live under it. */
	folder: string;
	binaryDataDir: string;
	instanceSettings: InstanceSettings;
	binaryDataService: BinaryDataService;
}

let current: Promise<N8nEnvironment> | undefined;
let users = 0;

/** Sets the environment up on first use; pair every call with `releaseN8nEnvironment`. */
export async function acquireN8nEnvironment(): Promise<N8nEnvironment> {
	users++;
	current ??= setUp();
	return await current;
}

/** Deletes the temporary folder once the last harness of this test file is closed. */
export async function releaseN8nEnvironment(): Promise<void> {
	if (users === 0 || current === undefined) return;
	users--;
	if (users > 0) return;
	const environment = await current;
	current = undefined;
	rmSync(environment.folder, { recursive: true, force: true });
}

async function setUp(): Promise<N8nEnvironment> {
	const folder = mkdtempSync(join(tmpdir(), 'n8n-harness-'));
	quietLogger();
	const instanceSettings = instanceSettingsIn(folder);
	const binaryDataDir = join(folder, 'binaryData');
	const binaryDataService = await filesystemBinaryData(binaryDataDir);
	return { folder, binaryDataDir, instanceSettings, binaryDataService };
}

/**
 * n8n logs every node error it reports (and n8n-workflow's LoggerProxy follows its
 * Logger). Tests make nodes fail on purpose, so logging is off unless N8N_LOG_LEVEL asks.
 */
function quietLogger(): void {
	if (process.env.N8N_LOG_LEVEL) return;
	// n8n-core creates its Logger as it is imported, so silence that one
	Container.get(Logger).getInternalLogger().silent = true;
}

/**
 * n8n-core's own InstanceSettings, pointed at a throwaway user folder instead of
 * ~/.n8n. Like a fresh n8n it generates an encryption key there, and derives the
 * HMAC secret that signs resume URLs from it (unless N8N_HMAC_SIGNATURE_SECRET is set).
 * Only the first test-file set-up can choose the folder: InstanceSettings is a singleton.
 */
function instanceSettingsIn(folder: string): InstanceSettings {
	if (!Container.has(InstanceSettings)) {
		// folder fields are read-only in the type: n8n fixes them from N8N_USER_FOLDER at start
		const config = Object.assign(new InstanceSettingsConfig(), {
			n8nFolder: join(folder, '.n8n'),
			userHome: folder,
			encryptionKey: randomBytes(24).toString('base64'),
			enforceSettingsFilePermissions: false,
		});
		Container.set(InstanceSettingsConfig, config);
	}
	return Container.get(InstanceSettings);
}

/**
 * n8n's default binary data mode: `filesystem` (upgraded to `filesystem-v2` by the
 * service). prepareBinaryData writes files under the folder and items only carry an id.
 */
async function filesystemBinaryData(storagePath: string): Promise<BinaryDataService> {
	const config = Container.get(BinaryDataConfig);
	config.mode = 'filesystem';
	config.localStoragePath = storagePath;
	const service = Container.get(BinaryDataService);
	await service.init();
	return service;
}
