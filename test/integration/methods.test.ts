/**
 * Every picker of both nodes, called the way n8n's editor backend calls it
 * (packages/cli dynamic-node-parameters.service.ts): a throwaway one-node workflow built from the
 * editor's current parameters and credentials, n8n-core's real LoadOptionsContext, and the method
 * looked up by name on the loaded node type. Real HTTP to the emulator; results are checked
 * against the emulator's own metadata and data, read over its REST API independently of the node.
 */
import { LoadOptionsContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeCredentials,
	INodeListSearchResult,
	INodePropertyOptions,
	INodeType,
	IWorkflowExecuteAdditionalData,
	ResourceMapperFields,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import type { TestEnvironment } from '../harness/n8n';
import { CREDENTIAL_REF, NODE_TYPE, TRIGGER_TYPE, asPlainError, createEnvironment } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { ADMIN, startHarness } from '../harness/setup';

type Kind = 'loadOptions' | 'listSearch' | 'resourceMapping';

/** The method as n8n's DynamicNodeParametersService finds it, with its error when absent. */
function method(env: TestEnvironment, type: string, kind: Kind, name: string) {
	const nodeType = env.nodeTypes.getByNameAndVersion(type, 1) as INodeType;
	const fn = (nodeType.methods?.[kind] as Record<string, unknown> | undefined)?.[name];
	if (typeof fn !== 'function') throw new Error(`Node type "${type}" has no ${kind} method named "${name}"`);
	return fn as (this: LoadOptionsContext, ...args: unknown[]) => Promise<unknown>;
}

async function callPicker<T>(
	env: TestEnvironment,
	request: {
		type: string;
		kind: Kind;
		name: string;
		parameters: IDataObject;
		credentials?: INodeCredentials | null;
		args?: unknown[];
		/** The parameter's path, as the editor sends it (`&field` is read beside it). */
		path?: string;
	},
): Promise<T> {
	const node: INode = {
		id: 'picker-node',
		name: 'Temp-Node',
		type: request.type,
		typeVersion: 1,
		position: [0, 0],
		parameters: request.parameters as INode['parameters'],
		...(request.credentials === null ? {} : { credentials: request.credentials ?? CREDENTIAL_REF }),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: env.nodeTypes });
	const additionalData = {
		credentialsHelper: env.credentials,
		currentNodeParameters: request.parameters,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		variables: {},
		userId: 'test-user',
	} as unknown as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, node, additionalData, request.path ?? 'parameters.picker');
	try {
		return (await method(env, request.type, request.kind, request.name).call(context, ...(request.args ?? []))) as T;
	} catch (error) {
		throw asPlainError(error as Error);
	}
}

const ENTRY = (form: string) => ({ resource: 'entry', operation: 'getAll', form: { __rl: true, mode: 'list', value: form } });
const TRIGGER = (form: string) => ({ form: { __rl: true, mode: 'list', value: form }, event: 'created' });

describe('pickers of both nodes against the emulator', () => {
	let h: Harness;
	let token: string;
	const raw = async (path: string) => {
		const response = await fetch(`${h.emulator.url}${path}`, { headers: { authorization: `AR-JWT ${token}` } });
		expect(response.status).toBe(200);
		return (await response.json()) as unknown;
	};
	type RawField = { id: number; name: string; datatype: string; field_option: string; limit?: { selection_values?: Array<{ name: string }> } };
	const rawFields = async (form: string) => (await raw(`/api/arsys/v1.0/fields/${encodeURIComponent(form)}`)) as RawField[];
	const enumLabels = async (form: string, fieldName: string) =>
		(await rawFields(form))
			.find((f) => f.name === fieldName)!
			.limit!.selection_values!.map((v) => v.name)
			.filter((name) => name !== '');
	const options = (result: INodePropertyOptions[]) => result.map((o) => o.value);

	beforeAll(async () => {
		h = await startHarness({ users: 150 });
		const login = await fetch(`${h.emulator.url}/api/jwt/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: `username=${ADMIN.username}&password=${ADMIN.password}`,
		});
		token = (await login.text()).trim();
	});

	afterAll(async () => {
		await h.emulator.stop();
	});

	/** One case per declared method of each node; a method without a case fails the suite. */
	const cases: Record<string, (type: string) => Promise<void>> = {
		'listSearch.searchForms': async (type) => {
			const params = type === NODE_TYPE ? ENTRY('') : TRIGGER('');
			const all = await callPicker<INodeListSearchResult>(h.env, { type, kind: 'listSearch', name: 'searchForms', parameters: params });
			const serverForms = ((await raw('/api/arsys/v1.0/form')) as string[]).slice().sort((a, b) => a.localeCompare(b));
			expect(all.results.map((r) => r.value)).toEqual(serverForms);
			expect(serverForms).toEqual(expect.arrayContaining(['User', 'Group', 'CTM:People', 'HPD:Help Desk']));
			const filtered = await callPicker<INodeListSearchResult>(h.env, {
				type, kind: 'listSearch', name: 'searchForms', parameters: params, args: ['help'],
			});
			expect(filtered.results.map((r) => r.value)).toEqual(serverForms.filter((f) => /help/i.test(f)));
		},
		'listSearch.searchUsers': async (type) => {
			const result = await callPicker<INodeListSearchResult>(h.env, {
				type, kind: 'listSearch', name: 'searchUsers', parameters: { resource: 'user', operation: 'get' }, args: ["O'Brien"],
			});
			const expected = h.emulator.control.findEntries('User', `'Login Name' LIKE "%O'Brien%" OR 'Full Name' LIKE "%O'Brien%"`);
			expect(expected.length).toBeGreaterThan(0);
			expect(result.results.map((r) => r.value).sort()).toEqual(expected.map((e) => e.values['Login Name']).sort());
			const first = await callPicker<INodeListSearchResult>(h.env, {
				type, kind: 'listSearch', name: 'searchUsers', parameters: { resource: 'user', operation: 'get' },
			});
			// 150 seeded users plus the built-in logins: a first page of 100 and a token for the next.
			expect(first.results).toHaveLength(100);
			expect(first.paginationToken).toBe('100');
			const next = await callPicker<INodeListSearchResult>(h.env, {
				type, kind: 'listSearch', name: 'searchUsers', parameters: { resource: 'user', operation: 'get' }, args: [undefined, '100'],
			});
			const everyone = h.emulator.control.findEntries('User').map((e) => e.values['Login Name']);
			expect([...first.results, ...next.results].map((r) => r.value).sort()).toEqual([...everyone].sort());
		},
		'listSearch.searchGroups': async (type) => {
			const result = await callPicker<INodeListSearchResult>(h.env, {
				type, kind: 'listSearch', name: 'searchGroups', parameters: { resource: 'group', operation: 'get' }, args: ['Service Desk'],
			});
			const [group] = h.emulator.control.findEntries('Group', `'Group Name' = "Service Desk"`);
			expect(result.results).toContainEqual({ name: `Service Desk — ${group.values['Group ID']}`, value: String(group.values['Group ID']) });
		},
		'listSearch.searchPeople': async (type) => {
			const [person] = h.emulator.control.findEntries('CTM:People', `'Remedy Login ID' != $NULL$`);
			const login = String(person.values['Remedy Login ID']);
			const result = await callPicker<INodeListSearchResult>(h.env, {
				type, kind: 'listSearch', name: 'searchPeople', parameters: { resource: 'person', operation: 'get' }, args: [login],
			});
			expect(result.results.map((r) => r.value)).toContain(login);
			// "login — Full Name": the typed text is in one of the two.
			expect(result.results.every((r) => r.name.toLowerCase().includes(login.toLowerCase()))).toBe(true);
		},
		'listSearch.searchSupportGroups': async (type) => {
			const [group] = h.emulator.control.findEntries('CTM:Support Group', `'Support Group Name' = "Backoffice ""Tier 2"""`);
			const result = await callPicker<INodeListSearchResult>(h.env, {
				type, kind: 'listSearch', name: 'searchSupportGroups', parameters: { resource: 'supportGroup', operation: 'get' }, args: ['Tier 2'],
			});
			// The value is the Support Group ID other forms store; the name shows group, organization, company.
			expect(result.results).toContainEqual({ name: 'Backoffice "Tier 2" — Back Office — Calbro Services', value: group.id });
		},
		'loadOptions.getFields': async (type) => {
			for (const form of ['User', 'HPD:Help Desk']) {
				const params = type === NODE_TYPE ? ENTRY(form) : TRIGGER(form);
				const result = await callPicker<INodePropertyOptions[]>(h.env, { type, kind: 'loadOptions', name: 'getFields', parameters: params });
				const server = await rawFields(form);
				expect(options(result).sort()).toEqual(
					// Display-only fields (z1D_ and friends) hold no data and cannot be queried.
					server.filter((f) => f.field_option !== 'DISPLAY').map((f) => f.name).sort(),
				);
				const login = result.find((o) => o.value === (form === 'User' ? 'Login Name' : 'Incident Number'));
				// Type words a user knows, not AR's CHAR / ENUM / TIME.
				expect(login?.description).toMatch(/^ID \d+, Text/);
				const status = result.find((o) => o.value === 'Status');
				expect(status?.description).toMatch(/^ID 7, Selection/);
				const modified = result.find((o) => o.value === (form === 'User' ? 'Modified Date' : 'Last Modified Date'));
				expect(modified?.description).toMatch(/^ID 6, Date\/Time/);
			}
			if (type === NODE_TYPE) {
				// The dedicated resources pick their form themselves.
				const people = await callPicker<INodePropertyOptions[]>(h.env, {
					type, kind: 'loadOptions', name: 'getFields', parameters: { resource: 'person', operation: 'getAll' },
				});
				expect(options(people)).toEqual(expect.arrayContaining(['Remedy Login ID', 'Profile Status']));
			}
			const none = await callPicker<INodePropertyOptions[]>(h.env, {
				type, kind: 'loadOptions', name: 'getFields', parameters: type === NODE_TYPE ? ENTRY('') : TRIGGER(''),
			});
			expect(none).toEqual([]);
		},
		'loadOptions.getSelectionValues': async (type) => {
			// The editor's path of the second condition's Selection Value; `&field` is its sibling.
			const path = 'parameters.filters.conditions[1].selectionValue';
			const pick = async (form: string, field: string | undefined) => {
				const base = type === NODE_TYPE ? ENTRY(form) : TRIGGER(form);
				const filters = { conditions: [{ field: 'Login Name' }, ...(field === undefined ? [] : [{ field, operator: 'equals' }])] };
				return await callPicker<INodePropertyOptions[]>(h.env, { type, kind: 'loadOptions', name: 'getSelectionValues', parameters: { ...base, filters }, path });
			};
			expect(options(await pick('User', 'Status'))).toEqual(await enumLabels('User', 'Status'));
			expect(options(await pick('User', '7'))).toEqual(await enumLabels('User', 'Status'));
			expect(options(await pick('HPD:Help Desk', 'Urgency'))).toEqual(await enumLabels('HPD:Help Desk', 'Urgency'));
			// Not a selection field, no field yet, an expression: one empty entry that says what to do.
			expect(await pick('User', 'Login Name')).toEqual([{ name: 'Login Name Is Not a Selection Field: Type the Value in Value', value: '' }]);
			expect(await pick('User', undefined)).toEqual([{ name: 'Pick a Field First', value: '' }]);
			expect(await pick('User', '={{ $json.field }}')).toEqual([{ name: 'The Field Is an Expression: Type the Value in Value', value: '' }]);
			if (type === NODE_TYPE) {
				const people = await callPicker<INodePropertyOptions[]>(h.env, {
					type, kind: 'loadOptions', name: 'getSelectionValues', path,
					parameters: { resource: 'person', operation: 'getAll', filters: { conditions: [{}, { field: 'Profile Status' }] } },
				});
				expect(options(people)).toEqual(await enumLabels('CTM:People', 'Profile Status'));
			}
		},
		'loadOptions.getWritableFields': async (type) => {
			const result = await callPicker<INodePropertyOptions[]>(h.env, {
				type, kind: 'loadOptions', name: 'getWritableFields', parameters: { resource: 'user', operation: 'update' },
			});
			const server = await rawFields('User');
			// Request ID, Submitter, Create Date, Last Modified By, Modified Date, Status History, GUID.
			const system = new Set(
				server.filter((f) => f.field_option === 'SYSTEM' || [1, 2, 3, 5, 6, 15, 179].includes(f.id)).map((f) => f.name),
			);
			expect(system.size).toBeGreaterThan(4);
			expect(options(result)).toEqual(expect.arrayContaining(['Status', 'Full Name', 'Email Address']));
			expect(options(result).filter((name) => system.has(String(name)))).toEqual([]);
		},
		'loadOptions.getUserLicenseTypes': async (type) => {
			const result = await callPicker<INodePropertyOptions[]>(h.env, { type, kind: 'loadOptions', name: 'getUserLicenseTypes', parameters: { resource: 'user' } });
			expect(options(result)).toEqual(await enumLabels('User', 'License Type'));
		},
		'loadOptions.getUserStatuses': async (type) => {
			const result = await callPicker<INodePropertyOptions[]>(h.env, { type, kind: 'loadOptions', name: 'getUserStatuses', parameters: { resource: 'user' } });
			expect(options(result)).toEqual(await enumLabels('User', 'Status'));
			expect(options(result)).toEqual(expect.arrayContaining(['Current', 'Disabled']));
		},
		'loadOptions.getUserNotifyMechanisms': async (type) => {
			const result = await callPicker<INodePropertyOptions[]>(h.env, { type, kind: 'loadOptions', name: 'getUserNotifyMechanisms', parameters: { resource: 'user' } });
			expect(options(result)).toEqual(await enumLabels('User', 'Default Notify Mechanism'));
		},
		'loadOptions.getGroupTypes': async (type) => {
			const result = await callPicker<INodePropertyOptions[]>(h.env, { type, kind: 'loadOptions', name: 'getGroupTypes', parameters: { resource: 'group' } });
			expect(options(result)).toEqual(await enumLabels('Group', 'Group Type'));
		},
		'loadOptions.getGroupCategories': async (type) => {
			const result = await callPicker<INodePropertyOptions[]>(h.env, { type, kind: 'loadOptions', name: 'getGroupCategories', parameters: { resource: 'group' } });
			expect(options(result)).toEqual(await enumLabels('Group', 'Group Category'));
		},
		'loadOptions.getPeopleStatuses': async (type) => {
			const result = await callPicker<INodePropertyOptions[]>(h.env, { type, kind: 'loadOptions', name: 'getPeopleStatuses', parameters: { resource: 'person' } });
			expect(options(result)).toEqual(await enumLabels('CTM:People', 'Profile Status'));
		},
		'resourceMapping.getMappingFields': async (type) => {
			const create = await callPicker<ResourceMapperFields>(h.env, {
				type, kind: 'resourceMapping', name: 'getMappingFields', parameters: { ...ENTRY('HPD:Help Desk'), operation: 'create' },
			});
			const server = await rawFields('HPD:Help Desk');
			const required = server.filter((f) => f.field_option === 'REQUIRED' && ![1, 2, 3, 5, 6, 15, 179].includes(f.id)).map((f) => f.name);
			expect(required).toEqual(expect.arrayContaining(['Status', 'Short Description', 'Urgency']));
			expect(create.fields.filter((f) => f.required).map((f) => f.id).sort()).toEqual(required.sort());
			const requestId = create.fields.find((f) => f.id === server.find((s) => s.id === 1)!.name);
			expect(requestId).toMatchObject({ readOnly: true, removed: true, defaultMatch: true });
			const update = await callPicker<ResourceMapperFields>(h.env, {
				type, kind: 'resourceMapping', name: 'getMappingFields', parameters: { ...ENTRY('HPD:Help Desk'), operation: 'update' },
			});
			expect(update.fields.filter((f) => f.required)).toEqual([]);
			// "Add field" offers what the editor shows as removed AND displayed: never a read-only or
			// system field (Request ID, Last Modified Date, Status History), which the server refuses.
			const offered = (fields: ResourceMapperFields['fields']) => fields.filter((f) => f.display).map((f) => f.id);
			const readOnly = server
				.filter((f) => [1, 2, 3, 5, 6, 15, 179].includes(f.id) || f.field_option === 'DISPLAY')
				.map((f) => f.name);
			expect(readOnly).toEqual(expect.arrayContaining(['Last Modified Date', 'Status History']));
			for (const fields of [create.fields, update.fields]) {
				expect(offered(fields).filter((id) => readOnly.includes(id))).toEqual([]);
				expect(offered(fields)).toEqual(expect.arrayContaining(['Urgency', 'Description']));
			}
			// Create or Update may give the Request ID it matches on.
			const upsert = await callPicker<ResourceMapperFields>(h.env, {
				type, kind: 'resourceMapping', name: 'getMappingFields', parameters: { ...ENTRY('HPD:Help Desk'), operation: 'upsert' },
			});
			expect(offered(upsert.fields)).toContain(requestId!.id);
			const none = await callPicker<ResourceMapperFields>(h.env, {
				type, kind: 'resourceMapping', name: 'getMappingFields', parameters: { ...ENTRY(''), operation: 'create' },
			});
			expect(none).toEqual({ fields: [], emptyFieldsNotice: 'Choose a form first' });
			// The mapper types each datatype as the codec says, so every datatype the codec writes is
			// offered: the Currency Field was hidden while the mapper kept a type table of its own.
			const dataTypes = await callPicker<ResourceMapperFields>(h.env, {
				type, kind: 'resourceMapping', name: 'getMappingFields', parameters: { ...ENTRY('AR System Emulator:Data Types'), operation: 'create' },
			});
			const shown = Object.fromEntries(dataTypes.fields.filter((f) => !f.removed).map((f) => [f.id, f.type]));
			expect(shown).toMatchObject({
				'Character Field': 'string',
				'Integer Field': 'number',
				'Real Field': 'number',
				'Decimal Field': 'number',
				'Date/Time Field': 'dateTime',
				'Date Field': 'string',
				'Time Field': 'string',
				'Currency Field': 'string',
				'Diary Field': 'string',
				'Selection Field': 'options',
			});
		},
	};

	const declared = (type: string) => {
		const methods = (h.env.nodeTypes.getByNameAndVersion(type, 1) as INodeType).methods ?? {};
		return Object.entries(methods as Record<string, Record<string, unknown>>).flatMap(([kind, group]) =>
			Object.keys(group).map((name) => `${kind}.${name}`),
		);
	};

	it.each([
		['AR System', NODE_TYPE],
		['AR System Trigger', TRIGGER_TYPE],
	])('%s: every declared method returns the server\'s data', async (_name, type) => {
		const names = declared(type);
		expect(names.length).toBeGreaterThan(type === NODE_TYPE ? 10 : 1);
		expect(names.filter((name) => !cases[name])).toEqual([]);
		const failures: string[] = [];
		for (const name of names) {
			await cases[name](type).catch((error: Error) => failures.push(`${name}: ${error.message}`));
		}
		expect(failures).toEqual([]);
	});

	it('a wrong password: the picker fails with the 623 message, no secret in it', async () => {
		const env = await createEnvironment({ baseUrl: h.emulator.url, username: 'Demo', password: 'not-the-password', authString: '', ignoreSslIssues: false });
		for (const type of [NODE_TYPE, TRIGGER_TYPE]) {
			const parameters = type === NODE_TYPE ? ENTRY('User') : TRIGGER('User');
			const error = await callPicker(env, { type, kind: 'loadOptions', name: 'getFields', parameters }).catch((e: Error) => e);
			expect(error).toBeInstanceOf(Error);
			const text = `${(error as Error).message} ${(error as { description?: string }).description ?? ''}`;
			expect(text).toMatch(/623/);
			expect(text).toMatch(/Demo/);
			expect(text).not.toContain('not-the-password');
		}
	});

	it('a server error: the picker fails with a clear message after the retries, and works again after', async () => {
		h.emulator.control.failNext(4, '500');
		const error = await callPicker(h.env, {
			type: TRIGGER_TYPE, kind: 'listSearch', name: 'searchForms', parameters: TRIGGER(''),
		}).catch((e: Error) => e);
		expect(error).toBeInstanceOf(Error);
		const text = `${(error as Error).message} ${(error as { description?: string }).description ?? ''}`;
		expect(text).toMatch(/500|server/i);
		expect(text).not.toContain(token);
		const after = await callPicker<INodeListSearchResult>(h.env, {
			type: TRIGGER_TYPE, kind: 'listSearch', name: 'searchForms', parameters: TRIGGER(''),
		});
		expect(after.results.length).toBeGreaterThan(3);
	});

	it('an unknown form: the field picker names the form (ARERR 303)', async () => {
		const error = await callPicker(h.env, {
			type: NODE_TYPE, kind: 'loadOptions', name: 'getFields', parameters: ENTRY('No Such:Form'),
		}).catch((e: Error) => e);
		const text = `${(error as Error).message} ${(error as { description?: string }).description ?? ''}`;
		expect(text).toMatch(/303/);
		expect(text).toContain('No Such:Form');
	});

	it('no credential on the node (the editor\'s first request for a node it has not assigned one yet): says what to do, no HTTP', async () => {
		h.reset();
		for (const [type, kind, name, parameters] of [
			[NODE_TYPE, 'loadOptions', 'getFields', { resource: 'user', operation: 'getAll' }],
			[NODE_TYPE, 'loadOptions', 'getUserLicenseTypes', { resource: 'user', operation: 'create' }],
			[NODE_TYPE, 'listSearch', 'searchUsers', { resource: 'user', operation: 'get' }],
			[NODE_TYPE, 'resourceMapping', 'getMappingFields', { ...ENTRY('User'), operation: 'create' }],
			[TRIGGER_TYPE, 'listSearch', 'searchForms', TRIGGER('')],
		] as Array<[string, Kind, string, IDataObject]>) {
			const error = await callPicker(h.env, { type, kind, name, parameters, credentials: null }).catch((e: Error) => e);
			expect((error as Error).message).toBe('No AR System credential selected yet');
			expect((error as { description?: string }).description).toMatch(/Select the AR System API credential.*Refresh List/);
		}
		expect(h.requests()).toBe(0);
	});

	it('a method the node lacks fails the way the editor reports it', () => {
		expect(() => method(h.env, TRIGGER_TYPE, 'resourceMapping', 'getMappingFields')).toThrow(
			`Node type "${TRIGGER_TYPE}" has no resourceMapping method named "getMappingFields"`,
		);
	});
});

describe('search pickers ignore case on a case-sensitive server, and never offer a blank row', () => {
	let h: Harness;

	beforeAll(async () => void (h = await startHarness({ users: 150, caseInsensitive: false })));
	afterAll(async () => await h.emulator.stop());

	const search = async (name: string, resource: string, args: unknown[]) =>
		await callPicker<INodeListSearchResult>(h.env, {
			type: NODE_TYPE,
			kind: 'listSearch',
			name,
			parameters: { resource, operation: 'get' },
			args,
		});

	it('"desk" finds Service Desk in the Support Group picker, as "Desk" and "DESK" do', async () => {
		// The server itself compares exactly: its LIKE does not find the lowercase spelling.
		expect(h.emulator.control.findEntries('CTM:Support Group', `'Support Group Name' LIKE "%desk%"`)).toEqual([]);
		const expected = h.emulator.control
			.findEntries('CTM:Support Group', `'Support Group Name' LIKE "%Desk%"`)
			.map((e) => e.id)
			.sort();
		expect(expected.length).toBeGreaterThan(0);
		for (const typed of ['desk', 'Desk', 'DESK']) {
			const result = await search('searchSupportGroups', 'supportGroup', [typed]);
			expect(result.results.map((r) => r.value).sort()).toEqual(expected);
			expect(result.paginationToken).toBeUndefined();
		}
	});

	it('the Person picker shows "login — Full Name", finds a lowercase name, and skips a record without a login', async () => {
		h.emulator.control.insertEntry('CTM:People', {
			'First Name': 'Nologin',
			'Last Name': 'Obrienson',
			'Full Name': 'Nologin Obrienson',
			Company: 'Calbro Services',
			'Client Type': 'Office-Based Employee',
		});
		const result = await search('searchPeople', 'person', ["o'brien"]);
		expect(result.results).toContainEqual({ name: "siobhan.o'brien — Siobhán O'Brien", value: "siobhan.o'brien" });
		expect(result.results.every((r) => r.value !== '' && r.name !== '')).toBe(true);
		const byName = await search('searchPeople', 'person', ['nologin']);
		expect(byName.results).toEqual([]);
		// Unfiltered, the first page has no blank row either.
		const first = await search('searchPeople', 'person', []);
		expect(first.results.length).toBeGreaterThan(0);
		expect(first.results.every((r) => r.value !== '' && r.name !== '')).toBe(true);
	});

	it('a search that matches few rows stays bounded: a page token continues the scan', async () => {
		const first = await search('searchUsers', 'user', ['zzz-no-such-user']);
		expect(first.results).toEqual([]);
		// 150 users fit in one scan (at most 1000 rows a request): nothing further to read.
		expect(first.paginationToken).toBeUndefined();
		const everyone = h.emulator.control.findEntries('User').map((e) => String(e.values['Login Name']));
		const lower = await search('searchUsers', 'user', ['SIOBHAN']);
		const wanted = everyone.filter((l) => l.toLowerCase().includes('siobhan'));
		expect(wanted.length).toBeGreaterThan(0);
		expect(lower.results.map((r) => r.value).sort()).toEqual(wanted.sort());
	});
});
