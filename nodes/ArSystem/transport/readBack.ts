/**
 * Does an entry read back hold the values a write sent? Pure comparison, used to verify a write
 * whose answer was lost (writes.ts). It answers per field "same", "different" or "cannot tell",
 * and compares as the server stores (the datatype codec decides: DECIMAL and CURRENCY rounded to
 * the field's scale from the metadata, enum numbers as labels, date-times as instants, a value a
 * site's filter may have rewritten as proof of nothing).
 *
 * AR applies a write atomically, so one field that proves the write decides it. A DIARY field
 * proves best, but only against the diary as it was before the write: a write appends one entry,
 * so the entries added since then either hold its text or not. Without that earlier state, text
 * that is in the diary cannot be told apart from the same text written before, and nothing is
 * proved; two added entries with the text (another writer appended the same) prove nothing either.
 */
import type { IDataObject } from 'n8n-workflow';

import { appendsOnWrite, compareStored } from '../helpers/codec';
import type { CodecField, FieldVerdict } from '../helpers/codec';

export type { FieldVerdict };
export type ReadBackVerdict = 'present' | 'absent' | 'unknown';

function isBlank(value: unknown): boolean {
	return value === null || value === undefined || value === '';
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

/**
 * Whether the diary read back shows the entry a write appended. `before` is the diary read just
 * before the write (null or [] = empty; undefined = not known).
 */
export function diaryAppended(before: unknown, after: unknown, sent: unknown): FieldVerdict {
	if (isBlank(sent)) return 'unknown';
	const now = diaryTexts(after);
	if (now === undefined) return 'unknown';
	const wanted = String(sent).trim();
	const holding = (texts: string[]) => texts.filter((text) => text.trim() === wanted).length;
	const earlier = before === undefined ? undefined : diaryTexts(before);
	// AR diaries only grow; a shorter one was edited by other means, so entries cannot be matched up.
	if (earlier === undefined || now.length < earlier.length) {
		return holding(now) === 0 ? 'different' : 'unknown';
	}
	const added = holding(now.slice(earlier.length));
	if (added === 0) return 'different';
	return added === 1 ? 'same' : 'unknown';
}

/**
 * The verdict on a whole write: diary fields decide when there are any (an appended entry is
 * either there or not); otherwise every comparable field must hold the value sent. Nothing
 * comparable (only passwords, attachments, unmapped enums, rewritten text) means "unknown".
 * `before` holds the diaries read before the write (see diaryAppended).
 */
export function readBackVerdict(
	sent: IDataObject,
	read: IDataObject,
	fields: CodecField[],
	before: IDataObject = {},
): ReadBackVerdict {
	const byName = new Map(fields.map((f) => [f.name, f]));
	const diary: FieldVerdict[] = [];
	const other: FieldVerdict[] = [];
	for (const [name, value] of Object.entries(sent)) {
		const field = byName.get(name);
		if (appendsOnWrite(field)) diary.push(diaryAppended(before[name], read[name], value));
		else other.push(compareStored(field, value, read[name]));
	}
	// AR applies a write atomically: one diary that shows it, or one that does not, decides.
	if (diary.includes('different')) return 'absent';
	if (diary.includes('same')) return 'present';
	// A diary that could not tell leaves the write in doubt, whatever the other fields show: they
	// may hold the values from before, and a re-sent append would be a second entry.
	if (diary.length > 0) return other.includes('different') ? 'absent' : 'unknown';
	if (other.includes('different')) return 'absent';
	return other.includes('same') ? 'present' : 'unknown';
}
