/**
 * Decodes n8n's "flatted" serialisation (npm `flatted`, which n8n uses for execution data because run data may
 * hold shared or circular references). Written here rather than imported: it is not a dependency of ours.
 *
 * The format is a JSON array. Element 0 is the root value. Inside any object or array element, a string is not a
 * string but the index (in decimal) of the element that holds the real value; numbers, booleans and null stand
 * for themselves. Top-level string elements are real strings.
 */
export function parseFlatted(text: string): unknown {
	const table: unknown = JSON.parse(text);
	if (!Array.isArray(table) || table.length === 0)
		throw new Error('not flatted data: expected a non-empty JSON array');
	const revived = new Map<number, unknown>();

	const resolve = (index: number): unknown => {
		const raw: unknown = table[index];
		if (typeof raw !== 'object' || raw === null) return raw;
		const known = revived.get(index);
		if (known !== undefined) return known; // shared or circular: the same object again
		const out: Record<string, unknown> | unknown[] = Array.isArray(raw) ? [] : {};
		revived.set(index, out);
		for (const [key, value] of Object.entries(raw)) {
			(out as Record<string, unknown>)[key] =
				typeof value === 'string' ? resolve(Number(value)) : value;
		}
		return out;
	};

	return resolve(0);
}
