/**
 * Debian's `chromium` package, driven by playwright-core (which brings no browser of its own). Installed with apt-get
 * when missing and running as root (CI containers, this machine); otherwise a clear message says how.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { chromium, type BrowserContext } from 'playwright-core';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, offline and quiet: no GPU, no QUIC, no first-run pages, no background updates or sync. */
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export function ensureChromium(log: (line: string) => void = console.log): string {
	if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
	const isRoot = process.getuid?.() === 0;
	if (!isRoot || CHROMIUM_PATH !== '/usr/bin/chromium')
		throw new Error(
			`Chromium is not installed at ${CHROMIUM_PATH}. Install Debian's package as root ` +
				'(apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary, then run this again.',
		);
	log('Chromium is missing: installing Debian\'s "chromium" package with apt-get (a few minutes)');
	const apt = {
		stdio: 'inherit' as const,
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	};
	execFileSync('apt-get', ['update'], apt);
	execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], apt);
	if (!existsSync(CHROMIUM_PATH))
		throw new Error(`apt-get installed chromium, but ${CHROMIUM_PATH} is still missing`);
	return CHROMIUM_PATH;
}

export interface BrowserSession {
	context: BrowserContext;
	close(): Promise<void>;
}

/**
 * A fresh headless Chromium with its own profile folder (Playwright takes it as the persistent context's folder
 * rather than as --user-data-dir), removed on close.
 */
export async function launchChromium(
	viewport = { width: 1440, height: 900 },
): Promise<BrowserSession> {
	const executablePath = ensureChromium();
	const profile = mkdtempSync(path.join(os.tmpdir(), 'argos-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport,
		deviceScaleFactor: 1,
	});
	return {
		context,
		async close() {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}
