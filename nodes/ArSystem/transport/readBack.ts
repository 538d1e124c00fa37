/**
 * Does an entry read back hold the values a write sent? Pure comparison, used to verify a write
 * whose answer was lost (writes.ts). It answers per field "same", "different" or "cannot tell",
 * and is careful never to call a field different because of its representation: what a client
 * sends (epoch seconds, an enum index, "5") and what AR returns (an ISO string, the label, 5)
 * differ for the same value.
 *
 * AR applies a write atomically, so one field that proves the write decides it. A DIARY field
 * proves best: a write appends its text, so the text is either among the diary's entries or not
 * (a text that was already in the diary before the write cannot prove anything, so callers use
 * the diary check only as presence: see the README on diary appends).
 */
import type { IDataObject } from 'n8n-workflow';

import type { ArFieldMeta } from './types';

export type FieldVerdict = 'same' | 'different' | 'unknown';
export type ReadBackVerdict = 'present' | 'absent' | 'unknown';

function isBlank(value: unknown): boolean {
	return value === null || value === undefined || value === '';
}

function asNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && value.trim() !== '' && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value.trim())) {
		return Number(value);
	}
	return undefined;
}

/** Epoch seconds of a date/time value: a number of seconds, or a parseable date string. */
function asEpochSeconds(value: unknown): number | undefined {
	const n = asNumber(value);
	if (n !== undefined) return Math.floor(n);
	if (typeof value !== 'string') return undefined;
	// AR writes `+0000` without a colon; Date.parse handles it in V8, but normalise anyway.
	const text = value.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
	const ms = Date.parse(text);
	return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/** Seconds since midnight of "HH:mm[:ss]" or a number of seconds. */
function asSecondsOfDay(value: unknown): number | undefined {
	const n = asNumber(value);
	if (n !== undefined) return Math.floor(n);
	if (typeof value !== 'string') return undefined;
	const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(value.trim());
	if (!match) return undefined;
	return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
}

function enumLabel(field: ArFieldMeta | undefined, value: unknown): string | undefined {
	if (typeof value === 'string' && asNumber(value) === undefined) return value;
	const n = asNumber(value);
	const options = (field?.limit as IDataObject | undefined)?.selection_values;
	if (n === undefined || !Array.isArray(options)) return undefined;
	const option = options.find((o) => Number((o as IDataObject)?.id) === n) as IDataObject | undefined;
	return typeof option?.name === 'string' ? option.name : undefined;
}

/** Texts of a diary value as the REST API returns it: an array of { timestamp, user, text }. */
export function diaryTexts(value: unknown): string[] | undefined {
	if (isBlank(value)) return [];
	if (Array.isArray(value)) {
		return value.map((item) =>
			typeof item === 'object' && item !== null ? String((item as IDataObject).text ?? '') : String(item),
		);
	}
	return undefined;
}

/** Whether the diary read back holds the text a write appended. */
export function diaryHolds(read: unknown, sent: unknown): FieldVerdict {
	if (isBlank(sent)) return 'unknown';
	const texts = diaryTexts(read);
	if (texts === undefined) return 'unknown';
	const wanted = String(sent).trim();
	return texts.some((text) => text.trim() === wanted) ? 'same' : 'different';
}

function deepEqual(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/** One non-diary field: does the value read back equal the value sent? */
export function compareField(field: ArFieldMeta | undefined, sent: unknown, read: unknown): FieldVerdict {
	if (read === undefined) return 'unknown';
	// Password-type fields read back as ***; attachments as metadata.
	if (read === '***' || field?.datatype === 'ATTACH') return 'unknown';
	if (isBlank(sent) || isBlank(read)) return isBlank(sent) && isBlank(read) ? 'same' : 'different';
	switch (field?.datatype) {
		case 'INTEGER':
		case 'REAL':
		case 'DECIMAL': {
			const a = asNumber(sent);
			const b = asNumber(read);
			if (a === undefined || b === undefined) return 'unknown';
			return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)) ? 'same' : 'different';
		}
		case 'TIME': {
			const a = asEpochSeconds(sent);
			const b = asEpochSeconds(read);
			if (a === undefined || b === undefined) return 'unknown';
			return a === b ? 'same' : 'different';
		}
		case 'TIME_OF_DAY': {
			const a = asSecondsOfDay(sent);
			const b = asSecondsOfDay(read);
			if (a === undefined || b === undefined) return 'unknown';
			return a === b ? 'same' : 'different';
		}
		case 'DATE': {
			if (typeof sent !== 'string' || typeof read !== 'string') return 'unknown';
			return sent.trim().slice(0, 10) === read.trim().slice(0, 10) ? 'same' : 'different';
		}
		case 'ENUM': {
			const a = enumLabel(field, sent);
			const b = enumLabel(field, read);
			if (a === undefined || b === undefined) return 'unknown';
			return a === b ? 'same' : 'different';
		}
		case 'CURRENCY': {
			if (typeof sent !== 'object' || typeof read !== 'object' || sent === null || read === null) {
				return 'unknown';
			}
			const s = sent as IDataObject;
			const r = read as IDataObject;
			const decimal = asNumber(s.decimal);
			if (decimal === undefined || asNumber(r.decimal) !== decimal) return 'different';
			if (s.currency !== undefined && s.currency !== r.currency) return 'different';
			return 'same';
		}
		default:
			break;
	}
	if (typeof sent === 'object' || typeof read === 'object') {
		return deepEqual(sent, read) ? 'same' : 'unknown';
	}
	if (String(sent) === String(read)) return 'same';
	// AR may drop trailing blanks of character values.
	if (String(sent).trimEnd() === String(read).trimEnd()) return 'same';
	return 'different';
}

/**
 * The verdict on a whole write: diary fields decide when there are any (an appended text is
 * either there or not); otherwise every comparable field must hold the value sent. Nothing
 * comparable (only passwords, attachments, unmapped enums) means "unknown".
 */
export function readBackVerdict(
	sent: IDataObject,
	read: IDataObject,
	fields: ArFieldMeta[],
): ReadBackVerdict {
	const byName = new Map(fields.map((f) => [f.name, f]));
	const diary: FieldVerdict[] = [];
	const other: FieldVerdict[] = [];
	for (const [name, value] of Object.entries(sent)) {
		const field = byName.get(name);
		if (field?.datatype === 'DIARY') diary.push(diaryHolds(read[name], value));
		else other.push(compareField(field, value, read[name]));
	}
	const decided = diary.filter((v) => v !== 'unknown');
	if (decided.length) return decided.every((v) => v === 'same') ? 'present' : 'absent';
	if (other.includes('different')) return 'absent';
	return other.includes('same') ? 'present' : 'unknown';
}
