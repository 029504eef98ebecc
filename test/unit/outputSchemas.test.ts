import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { argosIdLivenessProperties } from '../../package/nodes/ArgosIdLiveness/description/parameters';
import { jsonSchemaOf, outputSchemaFiles, schemaDir } from '../../tools/outputSchemas';

/** Every resource and operation of version 3, as `<resource>/<operation>.json`, from the node's description. */
function operationFiles(): string[] {
	return argosIdLivenessProperties
		.filter(
			(property: INodeProperties) =>
				property.name === 'operation' && property.displayOptions?.show?.resource,
		)
		.flatMap((property) =>
			(property.displayOptions!.show!.resource as string[]).flatMap((resource) =>
				(property.options as INodePropertyOptions[]).map(
					(option) => `${resource}/${String(option.value)}.json`,
				),
			),
		)
		.sort();
}

function committedFiles(): string[] {
	return readdirSync(schemaDir, { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith('.json'))
		.map((file) => file.split(path.sep).join('/'))
		.sort();
}

describe('output schemas for the editor', () => {
	it('one per resource and operation of version 3, no more', () => {
		expect(committedFiles()).toEqual(operationFiles());
		expect(
			outputSchemaFiles()
				.map(({ file }) => file)
				.sort(),
		).toEqual(operationFiles());
	});

	it.each(outputSchemaFiles())(
		'$file is what the output builders give (npm run schemas writes it)',
		({ file, text }) => {
			expect(readFileSync(path.join(schemaDir, file), 'utf8')).toBe(text);
		},
	);

	it('derives types, nested objects and arrays', () => {
		expect(jsonSchemaOf({ a: 'x', b: 1, c: true, d: ['y'], e: { f: [] } })).toEqual({
			type: 'object',
			properties: {
				a: { type: 'string' },
				b: { type: 'number' },
				c: { type: 'boolean' },
				d: { type: 'array', items: { type: 'string' } },
				e: { type: 'object', properties: { f: { type: 'array' } } },
			},
		});
	});
});
