/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * What a reverse proxy or gateway in front of AR answers with: HTML pages, never AR error arrays.
 * The 502 / 503 / 504 pages have the shape of nginx's built-in error pages (the most common proxy
 * in front of Jetty); the 403 page stands for a gateway that refuses an expired or invalid session
 * itself (issue 9: observed on a deployment; no public recording, so the body is an ASSUMPTION).
 */
import type { ServerResponse } from 'node:http';

import { sendText } from './context';

const REASONS: Record<number, string> = {
	403: 'Forbidden',
	502: 'Bad Gateway',
	503: 'Service Temporarily Unavailable',
	504: 'Gateway Time-out',
};

function nginxPage(status: number): string {
	const title = `${status} ${REASONS[status]}`;
	return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

const GATEWAY_403 = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>403 Forbidden</title></head>
<body>
<h1>Access denied</h1>
<p>Your session is not valid or has expired. Please sign in again.</p>
<hr><p>API Gateway</p>
</body>
</html>
`;

/** A proxy's own error page: 502, 503 or 504 (text/html). */
export function sendProxyPage(res: ServerResponse, status: 502 | 503 | 504): void {
	sendText(res, status, nginxPage(status), 'text/html');
}

/** The gateway's 403 page for a token it does not accept (instead of AR's 401). */
export function sendGateway403(res: ServerResponse): void {
	sendText(res, 403, GATEWAY_403, 'text/html; charset=utf-8');
}
