/**
 * npm run queue: n8n in queue mode on loopback (PostgreSQL, Redis, main, workers, a webhook processor) with this
 * package (packed from dist/), configured from tools/argos-stack/queue-mode.env; prints where everything is, then runs until
 * Ctrl-C, which stops and removes all of it. Flags: --workers=N (default 2), --no-webhook.
 * The queue suite starts it with --workers=1 --no-webhook and sends SIGINT to prove nothing is left.
 */
import { startQueueStack } from '../tools/argos-stack/queueStack';

async function main(): Promise<void> {
	const flag = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}`));
	const workers = Number(flag('workers=')?.split('=')[1] ?? 2);
	const stack = await startQueueStack({
		workers,
		webhookProcessor: flag('no-webhook') === undefined,
		log: (line) => console.error(`[queue] ${line}`),
	});
	// One JSON line on stdout, for programs; Ctrl-C (SIGINT) stops everything (queueStack's signal handler).
	console.log(
		JSON.stringify({
			ready: true,
			baseDir: stack.baseDir,
			editor: stack.main.baseUrl,
			webhooks: stack.webhook?.baseUrl,
			pids: [stack.main, ...stack.workers, ...(stack.webhook ? [stack.webhook] : [])].map(
				(n8n) => n8n.pid,
			),
			redisPid: stack.redis.pid,
			ports: { postgres: stack.postgres.port, redis: stack.redis.port },
		}),
	);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
