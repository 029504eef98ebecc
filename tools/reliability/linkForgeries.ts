/**
 * Links an attacker makes from one genuine signed callback link without the key: the same characters, the
 * boundaries between the signed fields moved, the signature kept. Against a signed message that joins its fields
 * with a separator, a field holding that separator (a Reference from a form can hold line breaks) makes some of
 * these valid. For the reliability matrix and the e2e test of the links.
 */
import { CALLBACK_QUERY } from '../../package/nodes/resultsAndCallbacks/callbackSignature';

/** The signed fields that travel in the query, in the order earlier formats signed them. */
const FIELDS = [
	CALLBACK_QUERY.reference,
	CALLBACK_QUERY.expires,
	CALLBACK_QUERY.nonce,
	CALLBACK_QUERY.checks,
] as const;

/** Every way to pick `count` of `positions`, in order. */
function choose(positions: number[], count: number): number[][] {
	if (count === 0) return [[]];
	return positions.flatMap((first, index) =>
		choose(positions.slice(index + 1), count - 1).map((rest) => [first, ...rest]),
	);
}

/** `link` with the four fields read from `text` cut at `cuts` (dropping `drop` characters at each cut). */
function withFields(link: URL, text: string, cuts: number[], drop: number): string {
	const forged = new URL(link);
	let from = 0;
	FIELDS.forEach((name, index) => {
		const to = index < cuts.length ? cuts[index] : text.length;
		forged.searchParams.set(name, text.slice(from, to));
		from = to + drop;
	});
	return forged.toString();
}

function resplit(link: string, joiner: string, isCut: (text: string, at: number) => boolean) {
	const url = new URL(link);
	const values = FIELDS.map((name) => url.searchParams.get(name) ?? '');
	const text = values.join(joiner);
	const positions = Array.from({ length: text.length + 1 }, (_, at) => at).filter((at) =>
		isCut(text, at),
	);
	const original = url.toString();
	const drop = joiner.length;
	return [
		...new Set(
			choose(positions, FIELDS.length - 1).map((cuts) => withFields(url, text, cuts, drop)),
		),
	].filter((forged) => forged !== original);
}

/**
 * The attack on the previous link format, which signed `reference\nexpiry\nnonce\nchecks`: the fields joined
 * with line breaks, cut again at other line breaks (a reference `A\n9999999999\nB` becomes reference `A`, an expiry
 * centuries away and a new nonce).
 */
export function resplitAtLineBreaks(link: string): string[] {
	return resplit(link, '\n', (text, at) => text[at] === '\n');
}

/**
 * The same against a length-prefixed encoding: the fields' text run together and cut after any `:` or `,` (the
 * netstring separators) or at the original boundaries.
 */
export function resplitAtSeparators(link: string): string[] {
	const url = new URL(link);
	const boundaries = new Set<number>();
	let at = 0;
	for (const name of FIELDS.slice(0, -1)) {
		at += (url.searchParams.get(name) ?? '').length;
		boundaries.add(at);
	}
	return resplit(link, '', (text, cut) => boundaries.has(cut) || /[:,]/.test(text[cut - 1] ?? ''));
}

/** `link`'s query at `target` (another trigger's URL): what anyone holding a link can post anywhere. */
export function atAnotherTrigger(link: string, target: string): string {
	const forged = new URL(target);
	forged.search = new URL(link).search;
	return forged.toString();
}

/** An expiry centuries away, as a forger would set it. */
export const FAR_EXPIRY = '99999999999';

/**
 * A Reference that holds what a re-split needs (as a form field can): line breaks around an expiry and a nonce
 * (even `index`), or netstring pieces of an expiry, a nonce and the checks (odd `index`).
 */
export function resplittableReference(index: number): string {
	return index % 2 === 0
		? `case-${index}\n${FAR_EXPIRY}\nforged-nonce-${index}`
		: `case-${index},11:${FAR_EXPIRY},22:${'A'.repeat(22)},8:sr,pc,ps,`;
}

/** `count` items of `list` spread evenly over it (all of them when it has no more). */
export function spreadOver<T>(list: T[], count: number): T[] {
	if (list.length <= count) return list;
	return Array.from(
		{ length: count },
		(_, index) => list[Math.floor((index * list.length) / count)],
	);
}
