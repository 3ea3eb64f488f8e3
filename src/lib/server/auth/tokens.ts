import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, URL-safe: session cookies and email-link tokens. */
export function newToken(): string {
	return randomBytes(32).toString('base64url');
}

/** Tokens are stored only as their SHA-256, so a database leak does not leak live sessions. */
export function hashToken(token: string): Buffer {
	return createHash('sha256').update(token).digest();
}
