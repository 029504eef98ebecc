import { parseArgs } from 'util';
import { startEmulator } from './startEmulator';
import type { EmulatorOptions } from './types';

const USAGE = `Usage: npm run emulator -- [--port 8787] [--host 127.0.0.1] [--api-key KEY] [--latency-ms 0]
  [--max-concurrent N] [--retry-after-seconds 1] [--callback-delay-ms 200] [--duplicate-callbacks 1]
  [--max-body-bytes 15728640]`;

const NUMERIC_OPTIONS = {
	port: 'port',
	'latency-ms': 'latencyMs',
	'max-concurrent': 'maxConcurrent',
	'retry-after-seconds': 'retryAfterSeconds',
	'callback-delay-ms': 'callbackDelayMs',
	'duplicate-callbacks': 'duplicateCallbacks',
	'max-body-bytes': 'maxBodyBytes',
} as const;

function optionsFromArguments(args: string[]): EmulatorOptions {
	const { values } = parseArgs({
		args,
		options: {
			...Object.fromEntries(
				Object.keys(NUMERIC_OPTIONS).map((name) => [name, { type: 'string' as const }]),
			),
			host: { type: 'string' },
			'api-key': { type: 'string' },
			help: { type: 'boolean' },
		},
	});
	if (values.help) {
		console.log(USAGE);
		process.exit(0);
	}
	const options: EmulatorOptions = {
		port: 8787,
		host: values.host,
		apiKey: values['api-key'],
		log: (line) => console.log(`${new Date().toISOString()} ${line}`),
	};
	for (const [name, key] of Object.entries(NUMERIC_OPTIONS)) {
		const text = (values as Record<string, unknown>)[name];
		if (typeof text !== 'string') continue;
		const value = Number(text);
		if (text === '' || !Number.isFinite(value) || value < 0)
			throw new Error(`--${name} needs a number ≥ 0, got ${text}\n${USAGE}`);
		options[key] = value;
	}
	return options;
}

async function main(): Promise<void> {
	const emulator = await startEmulator(optionsFromArguments(process.argv.slice(2)));
	console.log(
		`Argos ID Liveness emulator listening on ${emulator.url} (POST ${emulator.url}/document)`,
	);
	const stop = () => void emulator.close().then(() => process.exit(0));
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
