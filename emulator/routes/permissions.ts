/**
 * The emulator's minimal permission model (checklist #21). Everyone may read every form. On the
 * `User` and `Group` forms only administrators (members of group 1) may write, with one exception
 * AR also has: a user may modify their own User entry, except the Group List (ARERR 353 on
 * `Group`, as DOC-USERFORM shows). Other forms are writable by any authenticated user.
 */
import type { RequestContext } from '../context';
import { noAccess } from '../errors';
import { GROUP_FORM } from '../forms/group';
import { USER_FORM, UserField } from '../forms/user';
import type { EntryValues } from '../forms/types';

export type WriteKind = 'create' | 'modify' | 'delete';

export function checkWrite(
	ctx: RequestContext,
	form: string,
	kind: WriteKind,
	values: EntryValues,
	entryId?: string,
): void {
	if (ctx.admin) return;
	if (form === GROUP_FORM) throw noAccess(GROUP_FORM);
	if (form !== USER_FORM) return;
	if (values[UserField.GROUP_LIST] !== undefined) throw noAccess(GROUP_FORM);
	if (kind === 'modify' && entryId !== undefined) {
		const own = ctx.state.store.get(USER_FORM, entryId)?.values[UserField.LOGIN_NAME];
		if (own === ctx.user && values[UserField.LOGIN_NAME] === undefined) return;
		// A missing entry is reported as 302 by the store, not hidden behind 353.
		if (own === undefined) return;
	}
	throw noAccess(USER_FORM);
}
