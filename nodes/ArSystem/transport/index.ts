/**
 * The AR System transport: the only code that builds URLs and talks HTTP. Operations call these
 * functions with forms, entry IDs, qualifications and field names.
 */
export type {
	ArEntry,
	ArErrorContext,
	ArFieldMeta,
	ArFunctions,
	ArListPage,
	ArListQuery,
	ArMergeOptions,
	ArSort,
} from './types';
export {
	createEntry,
	DEFAULT_LIST_LIMIT,
	deleteEntry,
	getEntry,
	getFormFields,
	listEntries,
	listForms,
	mergeEntry,
	updateEntry,
} from './entries';
export type { UpdateOptions } from './entries';
export { writeInDoubtOutcome } from './writes';
export { arRequestAllPages, DEFAULT_PAGE_SIZE, pages } from './pagination';
export type { PaginationOptions } from './pagination';
export { toNodeApiError } from './errors';
export { arRequest, CREDENTIAL_TYPE } from './request';
export type { ArRequest, ArResponse } from './request';
export {
	ArSystemLoginError,
	authorizationFor,
	ignoresSslIssues,
	logIn,
	loginBody,
	loginFailure,
	loginRetrySettings,
	STALE_TOKEN,
} from './login';
export { identityFingerprint } from './sessions';
