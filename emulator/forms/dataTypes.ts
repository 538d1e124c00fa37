/**
 * An emulator-only sample form with one field of every data type, so the JSON formats of checklist
 * #17 (date, time of day, currency, diary, decimal, real...) can be exercised. Custom fields use the
 * 5368709xx range AR assigns to fields created in Developer Studio. Two selection fields carry custom
 * item numbers (10/20/30 and 1000..4000) instead of 0..n-1. DECIMAL fields keep their scale (2, and
 * 3 for the Precise Decimal Field); the Code Field is what the realistic profile's normalising site
 * filter rewrites. The Diary Field appends: a PUT adds an
 * entry {timestamp, user, text} instead of replacing the diary.
 */
import { char, coreFields, integer, selection } from './spec';
import type { FormSpec } from './spec';

export const DATA_TYPES_FORM = 'AR System Emulator:Data Types';

export const DataTypesField = {
	STATUS: 7,
	SHORT_DESCRIPTION: 8,
	CHARACTER: 536870913,
	INTEGER: 536870914,
	REAL: 536870915,
	DECIMAL: 536870916,
	DATE_TIME: 536870917,
	DATE: 536870918,
	TIME_OF_DAY: 536870919,
	CURRENCY: 536870920,
	DIARY: 536870921,
	SELECTION: 536870922,
	SECRET: 536870923,
	/** Custom selection ids 10/20/30 (Developer Studio "custom" numbering). */
	CUSTOM_SELECTION: 536870924,
	/** ITSM-style ids 1000..4000. */
	SEVERITY: 536870925,
	/** DECIMAL with scale 3 (the Decimal Field keeps 2): read-back must use each field's own scale. */
	PRECISE_DECIMAL: 536870926,
	/** CHAR that the realistic profile's site filter rewrites on write (trimmed, upper case). */
	CODE: 536870927,
} as const;

export function dataTypesForm(): FormSpec {
	const F = DataTypesField;
	return {
		name: DATA_TYPES_FORM,
		type: 'REGULAR',
		uniqueIndexes: [],
		fields: [
			...coreFields({
				id: 'Request ID',
				submitter: 'Submitter',
				created: 'Create Date',
				modified: 'Modified Date',
			}),
			selection(
				F.STATUS,
				'Status',
				'REQUIRED',
				['New', 'Assigned', 'Fixed', 'Rejected', 'Closed'],
				0,
			),
			char(F.SHORT_DESCRIPTION, 'Short Description', 'REQUIRED', 254),
			char(F.CHARACTER, 'Character Field', 'OPTIONAL', 10),
			integer(F.INTEGER, 'Integer Field', 'OPTIONAL'),
			{ id: F.REAL, name: 'Real Field', datatype: 'REAL', option: 'OPTIONAL' },
			{ id: F.DECIMAL, name: 'Decimal Field', datatype: 'DECIMAL', option: 'OPTIONAL' },
			{
				id: F.PRECISE_DECIMAL,
				name: 'Precise Decimal Field',
				datatype: 'DECIMAL',
				option: 'OPTIONAL',
				precision: 3,
			},
			char(F.CODE, 'Code Field', 'OPTIONAL', 40),
			{ id: F.DATE_TIME, name: 'Date/Time Field', datatype: 'TIME', option: 'OPTIONAL' },
			{ id: F.DATE, name: 'Date Field', datatype: 'DATE', option: 'OPTIONAL' },
			{ id: F.TIME_OF_DAY, name: 'Time Field', datatype: 'TIME_OF_DAY', option: 'OPTIONAL' },
			{ id: F.CURRENCY, name: 'Currency Field', datatype: 'CURRENCY', option: 'OPTIONAL' },
			{ id: F.DIARY, name: 'Diary Field', datatype: 'DIARY', option: 'OPTIONAL' },
			selection(F.SELECTION, 'Selection Field', 'OPTIONAL', ['Low', 'Medium', 'High']),
			char(F.SECRET, 'Secret Field', 'OPTIONAL', 30, { password: true }),
			selection(
				F.CUSTOM_SELECTION,
				'Custom Selection Field',
				'OPTIONAL',
				['Bronze', 'Silver', 'Gold'],
				undefined,
				[10, 20, 30],
			),
			selection(
				F.SEVERITY,
				'Severity Field',
				'OPTIONAL',
				['1-Critical', '2-High', '3-Medium', '4-Low'],
				undefined,
				[1000, 2000, 3000, 4000],
			),
		],
	};
}
