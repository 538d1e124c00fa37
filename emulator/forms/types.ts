/**
 * Shapes shared by the emulator's store, routes and qualification engine.
 * Internal values are kept in their native form: CHAR/DIARY strings, ENUM as the item's number,
 * INTEGER/REAL/DECIMAL numbers, TIME as epoch seconds, DATE as 'YYYY-MM-DD', TIME_OF_DAY as seconds
 * since midnight. Formatting to the REST JSON shapes happens only at the HTTP edge.
 */
export type ArDataType =
	| 'CHAR'
	| 'DIARY'
	| 'ENUM'
	| 'INTEGER'
	| 'REAL'
	| 'DECIMAL'
	| 'TIME'
	| 'DATE'
	| 'TIME_OF_DAY'
	| 'CURRENCY'
	| 'ATTACH';

export type FieldOption = 'REQUIRED' | 'OPTIONAL' | 'SYSTEM' | 'DISPLAY';

export interface FieldDef {
	id: number;
	/** Database name: the key the REST API uses in `values`. */
	name: string;
	datatype: ArDataType;
	option: FieldOption;
	/** ENUM only: labels in display order. */
	enumLabels?: string[];
	/**
	 * ENUM only: the stored number of each label, in the order of enumLabels, for "custom" selection
	 * fields whose numbers are not 0..n-1 (ITSM's Impact and Urgency use 1000, 2000, ...). Without
	 * it a label's number is its position. Stored values, qualifications and ordering use the number.
	 */
	enumIds?: number[];
	/** CHAR only: 0 = unlimited. */
	maxLength?: number;
	/**
	 * DECIMAL and CURRENCY: digits kept after the decimal point (AR's field "precision"); the server
	 * rounds written values to it. Default 2.
	 */
	precision?: number;
	/** Password-type fields read back as "***". */
	password?: boolean;
	defaultValue?: unknown;
}

export interface FormDef {
	name: string;
	type: 'REGULAR' | 'JOIN' | 'DISPLAY';
	fields: FieldDef[];
	/** Prefix of field-1 IDs (e.g. 'PPL'); IDs are zero-padded to 15 characters. */
	idPrefix?: string;
	/** Field IDs that form a unique index (ARERR 382 on a clash). */
	uniqueFields?: number[];
}

/** One stored entry: internal values keyed by field ID. */
export type EntryValues = Record<number, unknown>;

/** What a qualification can refer to besides fields. */
export interface QualificationContext {
	/** Login name of the caller, for $USER$. */
	user: string;
	/** Server clock in epoch seconds, for $TIMESTAMP$ / $DATE$ / $TIME$. */
	now: number;
}
