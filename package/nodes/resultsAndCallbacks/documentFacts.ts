/**
 * Reading the facts an ID document states, as Global ID Recognition returns them: dates in a format the vendor does
 * not state, and names written in any case, order and punctuation. Pure functions, no n8n.
 */

/** A calendar date, without a time zone: documents print days, not instants. */
export interface CalendarDate {
	year: number;
	month: number;
	day: number;
}

/**
 * The date formats read (docs/ARGOS-API.md, Global ID Recognition): year first, with `-`, `.` or `/` between the
 * parts, or none. A day-first or month-first date (`04/05/1990`) could be either of two days, so it is unreadable.
 */
const YEAR_FIRST = /^(\d{4})([-./]?)(\d{2})\2(\d{2})$/;

/** The date `text` states, or undefined when it is not a real date in a format read without guessing. */
export function readDocumentDate(text: string | undefined): CalendarDate | undefined {
	const parts = YEAR_FIRST.exec(text?.trim() ?? '');
	if (!parts) return undefined;
	const [year, month, day] = [parts[1], parts[3], parts[4]].map(Number);
	const asUtc = new Date(Date.UTC(year, month - 1, day));
	// Date.UTC rolls 31 April over to 1 May: a date that does not exist is unreadable, not the next day.
	if (asUtc.getUTCMonth() !== month - 1 || asUtc.getUTCDate() !== day || year < 1900)
		return undefined;
	return { year, month, day };
}

/** `YYYY-MM-DD`. */
export function isoDate(date: CalendarDate): string {
	const pad = (value: number, width: number) => String(value).padStart(width, '0');
	return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Today's date in UTC. */
export function calendarDateOf(instant: Date): CalendarDate {
	return {
		year: instant.getUTCFullYear(),
		month: instant.getUTCMonth() + 1,
		day: instant.getUTCDate(),
	};
}

const dayNumber = (date: CalendarDate) => date.year * 10_000 + date.month * 100 + date.day;

/** Whether `date` is a day before `today` (a document expiring today is still valid today). */
export function isBefore(date: CalendarDate, today: CalendarDate): boolean {
	return dayNumber(date) < dayNumber(today);
}

/** Full years from `birth` to `today`: someone born on 29 February turns a year older on 1 March. */
export function ageOn(birth: CalendarDate, today: CalendarDate): number {
	const years = today.year - birth.year;
	const hadBirthday = today.month * 100 + today.day >= birth.month * 100 + birth.day;
	return hadBirthday ? years : years - 1;
}

/**
 * A name reduced to what survives transcription: accents dropped (José → JOSE), upper case, punctuation as spaces,
 * words in alphabetical order, so "Sample, Ada" and "ADA SAMPLE" are the same name.
 */
export function comparableName(name: string): string {
	return name
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toUpperCase()
		.split(/[^\p{L}\p{N}]+/u)
		.filter((word) => word !== '')
		.sort()
		.join(' ');
}

/** Whether two names are the same name once case, accents, punctuation and word order are set aside. */
export function sameName(first: string, second: string): boolean {
	const comparable = comparableName(first);
	return comparable !== '' && comparable === comparableName(second);
}
