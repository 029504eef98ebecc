// The floor for per-item CPU: a bare script that reads each file, base64-encodes it into the JSON body, posts it
// and parses the answer, nothing else. Run by bench.ts with n8n's own Node:
//   node floor.mjs <documentUrl> <apiKey> <folder> <concurrency>
// Prints { items, failed, cpuSeconds } as JSON.
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';

const [documentUrl, apiKey, folder, concurrency] = process.argv.slice(2);
const files = readdirSync(folder).map((name) => join(folder, name));

function post(body) {
	return new Promise((resolve, reject) => {
		const request = http.request(
			documentUrl,
			{
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(body),
					'x-api-key': apiKey,
				},
			},
			(response) => {
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () =>
					resolve({ status: response.statusCode, body: JSON.parse(Buffer.concat(chunks)) }),
				);
			},
		);
		request.on('error', reject);
		request.end(body);
	});
}

const started = process.cpuUsage();
let next = 0;
let failed = 0;
async function worker() {
	while (next < files.length) {
		const image = readFileSync(files[next++]);
		const body = JSON.stringify({
			idImage: image.toString('base64'),
			pipelines: { sr: true, pc: true, ps: true },
		});
		const answer = await post(body);
		if (answer.status !== 200) failed++;
	}
}
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
const used = process.cpuUsage(started);
console.log(
	JSON.stringify({ items: files.length, failed, cpuSeconds: (used.user + used.system) / 1e6 }),
);
