import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { InputProblem } from './inputProblem';

type NumberRead = { ok: true; value: number } | { ok: false; problem: InputProblem };

type NumberOptionsRead =
	{ ok: true; values: Record<string, number> } | { ok: false; problem: InputProblem };

/** A plain decimal, as a user types it: no hex, exponent, Infinity or empty text, which Number() would accept. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** The range a declaration allows, in words: from its typeOptions, so each range is written once. */
export function allowedRange(declaration: INodeProperties): string {
	const { minValue, maxValue, numberPrecision } = declaration.typeOptions ?? {};
	const kind = numberPrecision === 0 ? 'a whole number' : 'a number';
	if (minValue !== undefined && maxValue !== undefined)
		return `${kind} from ${minValue} to ${maxValue}`;
	if (minValue !== undefined) return `${kind} of at least ${minValue}`;
	if (maxValue !== undefined) return `${kind} of at most ${maxValue}`;
	return kind;
}

/** How a value that is not a usable number looks in a message: short, and quoted when it is text. */
function shown(value: unknown): string {
	if (value === undefined || value === null || value === '') return 'empty';
	if (typeof value === 'string')
		return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
	if (typeof value === 'object' && value !== null)
		return Array.isArray(value) ? 'a list' : 'an object';
	return String(value);
}

/**
 * One number option from an options collection, checked against its declaration. Expressions give text ("90"),
 * so a plain decimal string counts as its number; anything else, or a number outside the declared range, is a
 * problem that names the option as the editor shows it, the value and the allowed range. An absent option has its
 * default; one set to an expression that gave nothing is an error, not its default.
 */
export function readNumberOption(declaration: INodeProperties, options: IDataObject): NumberRead {
	const value = declaration.name in options ? options[declaration.name] : declaration.default;
	const number =
		typeof value === 'number'
			? value
			: typeof value === 'string' && DECIMAL.test(value.trim())
				? Number(value.trim())
				: NaN;
	const { minValue, maxValue, numberPrecision } = declaration.typeOptions ?? {};
	const fits =
		Number.isFinite(number) &&
		(minValue === undefined || number >= minValue) &&
		(maxValue === undefined || number <= maxValue) &&
		(numberPrecision !== 0 || Number.isInteger(number));
	if (fits) return { ok: true, value: number };
	const range = allowedRange(declaration);
	return {
		ok: false,
		problem: {
			message: `"${declaration.displayName}" is ${shown(value)}, not ${range}`,
			description: `Set the option "${declaration.displayName}" to ${range}. An expression may give a number or a numeric text such as "${declaration.default}".`,
		},
	};
}

/** Every number option among `declarations`, read from an options collection. */
export function readNumberOptions(
	declarations: readonly INodeProperties[],
	options: IDataObject,
): NumberOptionsRead {
	const numbers: Record<string, number> = {};
	for (const declaration of declarations) {
		if (declaration.type !== 'number') continue;
		const read = readNumberOption(declaration, options);
		if (!read.ok) return read;
		numbers[declaration.name] = read.value;
	}
	return { ok: true, values: numbers };
}
