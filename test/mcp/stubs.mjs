/**
 * Local stand-ins for the two outside services n8n's human review of a tool call needs, so
 * `npm run test:mcp` can prove the wiring without any network:
 * - an SMTP server that accepts what n8n's Email node sends (the approval email with its
 *   Approve / Disapprove links) and keeps it for the test to read;
 * - a chat model speaking OpenAI's Chat Completions API that asks for one tool call and, once
 *   it has the tool's answer (or the reviewer's refusal), replies with text.
 * Both listen on 127.0.0.1 only.
 */
import http from 'node:http';
import net from 'node:net';

function listen(server) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(server.address().port));
	});
}

/** Polls `predicate` until it returns something truthy; rejects after `timeoutMs`. */
export async function waitFor(what, predicate, timeoutMs = 90_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = predicate();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`${what}: nothing after ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** Quoted-printable as nodemailer writes HTML bodies: soft line breaks and =XX bytes. */
function decodeQuotedPrintable(text) {
	const bytes = [];
	const flat = text.replace(/=\r?\n/g, '');
	for (let i = 0; i < flat.length; i++) {
		if (flat[i] === '=' && /^[0-9A-F]{2}$/i.test(flat.slice(i + 1, i + 3))) {
			bytes.push(parseInt(flat.slice(i + 1, i + 3), 16));
			i += 2;
		} else bytes.push(...Buffer.from(flat[i], 'utf8'));
	}
	return Buffer.from(bytes).toString('utf8');
}

/** Enough SMTP for nodemailer without TLS or auth: EHLO, MAIL, RCPT, DATA, QUIT. */
export async function startSmtpStub() {
	const messages = [];
	const server = net.createServer((socket) => {
		let buffer = '';
		let inData = false;
		let current = { to: [], data: '' };
		const reply = (line) => socket.write(`${line}\r\n`);
		reply('220 localhost ESMTP test stub');
		socket.on('data', (chunk) => {
			buffer += chunk.toString('utf8');
			for (;;) {
				if (inData) {
					const end = buffer.indexOf('\r\n.\r\n');
					if (end < 0) return;
					current.data = buffer.slice(0, end).replace(/^\.\./gm, '.');
					buffer = buffer.slice(end + 5);
					inData = false;
					const html = decodeQuotedPrintable(current.data);
					messages.push({ ...current, html, links: [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&')) });
					current = { to: [], data: '' };
					reply('250 OK: queued');
					continue;
				}
				const nl = buffer.indexOf('\r\n');
				if (nl < 0) return;
				const line = buffer.slice(0, nl);
				buffer = buffer.slice(nl + 2);
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO' || verb === 'HELO') reply('250 localhost');
				else if (verb === 'MAIL') {
					current.from = line.slice(10).trim();
					reply('250 OK');
				} else if (verb === 'RCPT') {
					current.to.push(line.slice(8).trim());
					reply('250 OK');
				} else if (verb === 'DATA') {
					inData = true;
					reply('354 End data with <CR><LF>.<CR><LF>');
				} else if (verb === 'QUIT') {
					reply('221 Bye');
					socket.end();
				} else if (verb === 'RSET' || verb === 'NOOP') reply('250 OK');
				else reply('502 Command not implemented');
			}
		});
		socket.on('error', () => {});
	});
	const port = await listen(server);
	return {
		port,
		messages,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

/**
 * A chat model with a script: for a conversation without a tool answer it calls the tool named
 * `toolName` with `argumentsFor(userText, parametersSchema)`; afterwards it answers in text.
 * Every request is kept (`requests`) so the test can read what the agent sent back.
 */
export async function startModelStub({ toolName, argumentsFor }) {
	const requests = [];
	let count = 0;
	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			if (req.method === 'GET' && /\/models$/.test(req.url)) {
				res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'stub-model', object: 'model' }] }));
				return;
			}
			if (req.method !== 'POST' || !/\/chat\/completions$/.test(req.url)) {
				res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
				return;
			}
			const body = JSON.parse(raw || '{}');
			requests.push(body);
			const messages = body.messages ?? [];
			const toolAnswer = messages.filter((m) => m.role === 'tool').pop();
			const userText = messages.filter((m) => m.role === 'user').map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))).join('\n');
			const id = `chatcmpl-${++count}`;
			let message;
			let finish;
			if (toolAnswer) {
				message = { role: 'assistant', content: `Done. The tool answered: ${String(toolAnswer.content).slice(0, 500)}` };
				finish = 'stop';
			} else {
				const tool = (body.tools ?? []).find((t) => t.function?.name === toolName);
				if (!tool) {
					message = { role: 'assistant', content: `No tool named ${toolName} was offered.` };
					finish = 'stop';
				} else {
					const args = argumentsFor(userText, tool.function.parameters);
					message = {
						role: 'assistant',
						content: null,
						tool_calls: [{ id: `call_${count}`, type: 'function', function: { name: toolName, arguments: JSON.stringify(args) } }],
					};
					finish = 'tool_calls';
				}
			}
			const created = Math.floor(Date.now() / 1000);
			if (body.stream) {
				res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
				const delta = message.tool_calls
					? { role: 'assistant', content: null, tool_calls: message.tool_calls.map((c, index) => ({ index, ...c })) }
					: { role: 'assistant', content: message.content };
				const chunk = (choice) => `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [choice] })}\n\n`;
				res.write(chunk({ index: 0, delta, finish_reason: null }));
				res.write(chunk({ index: 0, delta: {}, finish_reason: finish }));
				res.end('data: [DONE]\n\n');
				return;
			}
			res.writeHead(200, { 'content-type': 'application/json' }).end(
				JSON.stringify({
					id,
					object: 'chat.completion',
					created,
					model: body.model,
					choices: [{ index: 0, message, finish_reason: finish }],
					usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
				}),
			);
		});
	});
	const port = await listen(server);
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}
