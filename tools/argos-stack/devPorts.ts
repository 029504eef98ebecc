/**
 * The ports of `npm run dev`: n8n's editor and the Argos emulator. Each has a preferred port (5678, 8787) and may be
 * set by a flag or an environment variable. A port that was set must be free, or the command stops and says why; an
 * unset one is the preferred port, or the next free one above it, since another n8n often holds 5678.
 */
import * as net from 'net';

import { isPortListening } from '../n8n/freePort';

export interface DevPort {
	/** What listens there, for messages: "n8n's editor". */
	name: string;
	flag: string;
	env: string;
	preferred: number;
}

export const EDITOR_PORT: DevPort = {
	name: "n8n's editor",
	flag: '--port',
	env: 'DEV_N8N_PORT',
	preferred: 5678,
};

export const EMULATOR_PORT: DevPort = {
	name: 'the Argos emulator',
	flag: '--emulator-port',
	env: 'DEV_EMULATOR_PORT',
	preferred: 8787,
};

/** A port that cannot be used, or a setting that is not a port: the user's to fix, so its message is enough. */
export class PortSettingError extends Error {}

/** n8n's task broker listens here by default; an n8n already running holds it beside 5678. */
const TASK_BROKER_PORT = 5679;

/** The port set for `port` by its flag's value (first) or its environment variable, if either is set. */
export function requestedPort(
	port: DevPort,
	flagValue: string | undefined,
	env: Record<string, string | undefined>,
): number | undefined {
	const [text, source] =
		flagValue !== undefined ? [flagValue, port.flag] : [env[port.env], port.env];
	if (text === undefined || text === '') return undefined;
	const value = Number(text);
	if (!Number.isInteger(value) || value < 1 || value > 65535)
		throw new PortSettingError(`${source} must be a port number from 1 to 65535, not "${text}"`);
	return value;
}

/** True when nothing listens on 127.0.0.1:`port` and this process could listen there itself. */
export async function isPortFree(port: number): Promise<boolean> {
	if (await isPortListening(port)) return false;
	return await new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/**
 * The port to use: the requested one if it is free (else an error naming the flag and the variable), or the
 * preferred one, or the next free one above it, with a note saying so. `taken` are ports already given out.
 */
export async function choosePort(
	port: DevPort,
	requested: number | undefined,
	taken: number[] = [],
	isFree: (port: number) => Promise<boolean> = isPortFree,
): Promise<{ port: number; note?: string }> {
	const unavailable = [TASK_BROKER_PORT, ...taken];
	if (requested !== undefined) {
		if (unavailable.includes(requested) || !(await isFree(requested)))
			throw new PortSettingError(
				`Port ${requested} for ${port.name} is taken (another n8n or emulator running?). Choose another with ${port.flag} or ${port.env}, or set neither to use a free one.`,
			);
		return { port: requested };
	}
	for (let candidate = port.preferred; candidate < port.preferred + 100; candidate++) {
		if (unavailable.includes(candidate) || !(await isFree(candidate))) continue;
		return candidate === port.preferred
			? { port: candidate }
			: {
					port: candidate,
					note: `Port ${port.preferred} is taken, so ${port.name} uses ${candidate} (${port.flag} or ${port.env} chooses).`,
				};
	}
	throw new PortSettingError(
		`No free port for ${port.name} from ${port.preferred} to ${port.preferred + 99}: choose one with ${port.flag}.`,
	);
}
