/**
 * AR data types in the words the editor uses: a user picking a field reads "Selection" or
 * "Date/Time", not the REST API's `ENUM` or `TIME`. Unknown types are shown as the server names them.
 */
const WORDS: Record<string, string> = {
	CHAR: 'Text',
	DIARY: 'Diary (Text)',
	INTEGER: 'Whole Number',
	REAL: 'Number',
	DECIMAL: 'Decimal',
	CURRENCY: 'Currency',
	TIME: 'Date/Time',
	DATE: 'Date',
	TIME_OF_DAY: 'Time of Day',
	ENUM: 'Selection',
	ATTACHMENT: 'Attachment',
};

export function typeWord(datatype: string): string {
	return WORDS[datatype.toUpperCase()] ?? datatype;
}
