/**
 * Plumbing shared by the halves of the Supabase double (NOT Supabase): JSON bodies, headers and
 * the failure every handler throws to answer with a status and a body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Thrown by a handler: the double answers `status` with `body` as JSON. */
export class HttpFailure extends Error {
	constructor(
		readonly status: number,
		readonly body: JsonObject
	) {
		super(JSON.stringify(body));
	}
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export function header(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

export function bearer(req: IncomingMessage): string | undefined {
	const value = header(req, 'authorization');
	return value?.startsWith('Bearer ') ? value.slice('Bearer '.length) : undefined;
}

export function base64urlJson(value: JsonObject): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function parseJsonObject(text: string): JsonObject | null {
	try {
		const value: unknown = JSON.parse(text);
		return isObject(value) ? value : null;
	} catch {
		return null;
	}
}

export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
		size += buffer.length;
		if (size > MAX_BODY_BYTES) throw new HttpFailure(413, { message: 'Request too large' });
		chunks.push(buffer);
	}
	return Buffer.concat(chunks);
}

export async function readJson(req: IncomingMessage): Promise<JsonObject> {
	const text = (await readBody(req)).toString('utf8');
	if (!text) return {};
	const parsed = parseJsonObject(text);
	if (!parsed) throw new HttpFailure(400, { code: 'bad_json', message: 'Could not parse JSON' });
	return parsed;
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: Json,
	headers: Record<string, string> = {}
): void {
	const text = JSON.stringify(body);
	res
		.writeHead(status, {
			'content-type': 'application/json; charset=utf-8',
			'content-length': String(Buffer.byteLength(text)),
			...headers
		})
		.end(text);
}
