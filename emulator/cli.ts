import { parseArgs } from 'util';
import { parseResponseShapes } from './family/familyContract';
import { startEmulator } from './startEmulator';
import { parseLimits } from './vendorLimits';
import type { EmulatorOptions } from './types';

const USAGE = `Usage: npm run emulator -- [--port 8787] [--host 127.0.0.1] [--api-key KEY] [--latency-ms 0]
  [--callback-delay-ms 200] [--duplicate-callbacks 1] [--max-body-bytes 15728640]
  [--compare-shape similarity|faceMatch] [--recognition-shape data|documentInfo]
  limits (see emulator/README.md, "Limits"):
  [--max-concurrent N] [--slot-release-delay-ms 0]
  [--rate-limit REQUESTS/MS] [--rate-algorithm sliding-window|fixed-window|token-bucket] [--rate-burst N]
  [--refusal-timing after-latency|immediate] [--refusal-status 429|503] [--retry-after-seconds 1|none]
  [--limit-schedule '[{"afterMs":5000,"maxConcurrent":3}]']`;

const NUMERIC_OPTIONS = {
	port: 'port',
	'latency-ms': 'latencyMs',
	'callback-delay-ms': 'callbackDelayMs',
	'duplicate-callbacks': 'duplicateCallbacks',
	'max-body-bytes': 'maxBodyBytes',
} as const;

const LIMIT_FLAGS = [
	'max-concurrent',
	'slot-release-delay-ms',
	'rate-limit',
	'rate-algorithm',
	'rate-burst',
	'refusal-timing',
	'refusal-status',
	'retry-after-seconds',
	'limit-schedule',
] as const;

const camelCase = (text: string) =>
	text.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());

/** The limit flags as the JSON the admin API takes, checked by the same parser. */
function limitsFromFlags(values: Record<string, unknown>): EmulatorOptions {
	const text = (flag: (typeof LIMIT_FLAGS)[number]) => values[flag] as string | undefined;
	const number = (flag: (typeof LIMIT_FLAGS)[number]) =>
		text(flag) === undefined ? undefined : Number(text(flag));
	const json: Record<string, unknown> = {
		maxConcurrent: number('max-concurrent'),
		slotReleaseDelayMs: number('slot-release-delay-ms'),
		refusalTiming: text('refusal-timing') && camelCase(text('refusal-timing')!),
		refusalStatus: number('refusal-status'),
		retryAfterSeconds:
			text('retry-after-seconds') === 'none' ? null : number('retry-after-seconds'),
	};
	const rate = text('rate-limit');
	if (rate !== undefined) {
		const [requests, perMs] = rate.split('/').map(Number);
		json.rateLimit = {
			algorithm: camelCase(text('rate-algorithm') ?? 'sliding-window'),
			requests,
			perMs,
			burst: number('rate-burst'),
		};
	}
	const schedule = text('limit-schedule');
	if (schedule !== undefined) json.schedule = JSON.parse(schedule) as unknown;
	const { schedule: limitSchedule, ...limits } = parseLimits(
		JSON.parse(JSON.stringify(json)) as unknown,
	);
	return { ...limits, limitSchedule };
}

function optionsFromArguments(args: string[]): EmulatorOptions {
	const { values } = parseArgs({
		args,
		options: {
			...Object.fromEntries(
				[...Object.keys(NUMERIC_OPTIONS), ...LIMIT_FLAGS].map((name) => [
					name,
					{ type: 'string' as const },
				]),
			),
			host: { type: 'string' },
			'api-key': { type: 'string' },
			'compare-shape': { type: 'string' },
			'recognition-shape': { type: 'string' },
			help: { type: 'boolean' },
		},
	});
	if (values.help) {
		console.log(USAGE);
		process.exit(0);
	}
	const options: EmulatorOptions = {
		...limitsFromFlags(values),
		port: 8787,
		host: values.host,
		apiKey: values['api-key'],
		responseShapes: parseResponseShapes({
			...(values['compare-shape'] !== undefined && { compare: values['compare-shape'] }),
			...(values['recognition-shape'] !== undefined && {
				recognition: values['recognition-shape'],
			}),
		}),
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
		`Argos ID Liveness emulator listening on ${emulator.url} (POST ${emulator.url}/document, /liveness, /compare, /recognition)`,
	);
	const stop = () => void emulator.close().then(() => process.exit(0));
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
