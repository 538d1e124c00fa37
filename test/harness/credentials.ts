import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeProperties,
	IRequestOptionsSimplified,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';

/**
 * Behaves like n8n's own CredentialsHelper (packages/cli/src/credentials-helper.ts) in the parts
 * that matter to a token-login credential: preAuthentication runs when the expirable field is
 * empty or after a 401, its result is persisted (here: in memory, standing in for the DB) so the
 * next execution reuses the token, and function-form `authenticate` shapes each request.
 * n8n's own test harness stubs all of this out, so it would never exercise the login flow.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	/** Stored credential data by type: what n8n would keep encrypted in its database. */
	readonly store: Record<string, ICredentialDataDecryptedObject> = {};

	/** How often preAuthentication actually ran (a login, for AR System). */
	preAuthenticationCalls = 0;

	constructor(private readonly types: (name: string) => ICredentialType) {
		super();
	}

	setCredentials(type: string, data: ICredentialDataDecryptedObject): void {
		this.store[type] = { ...data };
	}

	/** Edit stored fields, as a user would in the credential dialog (the cached token stays). */
	editCredentials(type: string, patch: ICredentialDataDecryptedObject): void {
		this.store[type] = { ...this.store[type], ...patch };
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const authenticate = this.types(typeName).authenticate;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate) throw new Error('The test harness implements only function-form authenticate');
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.types(typeName);
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || !type.preAuthentication) return undefined;
		if (credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined && !credentialsExpired) {
			return undefined;
		}
		this.preAuthenticationCalls++;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const updated = { ...credentials, ...output } as ICredentialDataDecryptedObject;
		this.store[typeName] = { ...this.store[typeName], ...output } as ICredentialDataDecryptedObject;
		return updated;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('getCredentials is not used by the in-process harness');
	}

	async getDecrypted(
		_additionalData: unknown,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.store[type];
		if (!data) throw new Error(`No test credentials stored for type ${type}`);
		return { ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types(type).properties;
	}
}
