/** npm run schemas: writes the output schemas n8n's editor shows (tools/outputSchemas.ts). */
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';

import { outputSchemaFiles, schemaDir } from '../tools/outputSchemas';

rmSync(schemaDir, { recursive: true, force: true });
for (const { file, text } of outputSchemaFiles()) {
	mkdirSync(path.dirname(path.join(schemaDir, file)), { recursive: true });
	writeFileSync(path.join(schemaDir, file), text);
	console.log(path.relative(process.cwd(), path.join(schemaDir, file)));
}
