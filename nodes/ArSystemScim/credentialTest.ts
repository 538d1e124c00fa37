import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

/** Shorter secrets can be guessed; 32 random bytes in base64 are 44 characters. */
export const MIN_TOKEN_LENGTH = 24;

/**
 * The SCIM secret authenticates identity providers calling n8n, not n8n calling a server, so
 * there is nothing to connect to: the test checks what can be checked, that the secret is long
 * enough and has no spaces a Bearer header could not carry.
 */
export async function scimTokenTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const token = String(credential.data?.token ?? '');
	if (/\s/.test(token)) {
		return { status: 'Error', message: 'The Bearer Token contains spaces or line breaks; a Bearer header cannot carry them. Paste the token again.' };
	}
	if (token.length < MIN_TOKEN_LENGTH) {
		return {
			status: 'Error',
			message: `The Bearer Token has ${token.length} characters; use at least ${MIN_TOKEN_LENGTH} random ones (e.g. openssl rand -base64 32).`,
		};
	}
	return { status: 'OK', message: 'The token is long enough. Enter the same value in your identity provider.' };
}
