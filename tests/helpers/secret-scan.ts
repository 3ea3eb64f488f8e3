// Finds secrets in a directory of built files: what the browser downloads must never hold a
// database URL, a service-role key, a private key, an SMTP password or any server-only value.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Finding {
	file: string;
	kind: string;
	excerpt: string;
}

interface Pattern {
	kind: string;
	regex: RegExp;
	/** Optional second look at a match, e.g. decoding a JWT; false means "not a secret". */
	confirm?: (match: string) => boolean;
}

// Environment variables whose values are secrets when set. PUBLIC_* are meant for the browser.
const SECRET_NAME = /DATABASE_URL|SMTP|SERVICE_ROLE|SECRET|PASSWORD|PRIVATE|TOKEN|_KEY$/;

const PATTERNS: Pattern[] = [
	{ kind: 'postgres URL', regex: /postgres(?:ql)?:\/\/[^\s'"`]+/gi },
	{ kind: 'SMTP URL', regex: /smtps?:\/\/[^\s'"`]+/gi },
	{ kind: 'private key', regex: /-----BEGIN [A-Z ]*PRIVATE KEY-----/g },
	{ kind: 'DATABASE_URL', regex: /DATABASE_URL\s*[=:]\s*['"`]?[a-z]+:\/\//gi },
	// The server-only key names: client code that reads them would ship the key when it is set.
	{ kind: 'service role name', regex: /SUPABASE_(?:SERVICE_ROLE(?:_KEY)?|SECRET_KEY)/g },
	{ kind: 'Supabase secret key', regex: /\bsb_secret_[A-Za-z0-9_-]{10,}/g },
	{
		kind: 'service_role JWT',
		regex: /eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
		confirm: isServiceRoleJwt
	}
];

/** A JWT whose payload says role service_role (Supabase's key that bypasses RLS). */
export function isServiceRoleJwt(token: string): boolean {
	const payload = token.split('.')[1] ?? '';
	try {
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
			role?: unknown;
		};
		return claims.role === 'service_role';
	} catch {
		return false;
	}
}

/**
 * The values of server-only environment variables set while the tests run (at least 8
 * characters, so a flag like `true` is not a "secret").
 */
export function serverSecretsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
	return Object.entries(env)
		.filter(([name, value]) => !name.startsWith('PUBLIC_') && SECRET_NAME.test(name) && value)
		.map(([, value]) => value as string)
		.filter((value) => value.length >= 8);
}

export function listFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile())
		.map((entry) => join(entry.parentPath, entry.name));
}

/** Every secret-looking string in the files under `dir`, plus every literal in `secrets`. */
export function scanDirectory(dir: string, secrets: readonly string[] = []): Finding[] {
	const findings: Finding[] = [];
	for (const file of listFiles(dir)) {
		// latin1 keeps every byte, so binary files (fonts, images, .br/.gz) are scanned too.
		const text = readFileSync(file).toString('latin1');
		const name = relative(dir, file);
		for (const pattern of PATTERNS) {
			for (const match of text.matchAll(pattern.regex)) {
				if (pattern.confirm && !pattern.confirm(match[0])) continue;
				findings.push({ file: name, kind: pattern.kind, excerpt: match[0].slice(0, 40) });
			}
		}
		for (const secret of secrets) {
			if (text.includes(secret)) {
				findings.push({ file: name, kind: 'server-only env value', excerpt: '(redacted)' });
			}
		}
	}
	return findings;
}
