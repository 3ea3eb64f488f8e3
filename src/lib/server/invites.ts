/**
 * Secret links — invites to sponsor groups and campaign teams, personal calendar feeds: the link
 * carries a random token, the database keeps only its SHA-256, so a leaked table opens nothing.
 */
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes in base64url: what a well-formed invite path segment looks like. */
export const INVITE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const hashInviteToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function newInviteToken(): { token: string; hash: string } {
	const token = randomBytes(32).toString('base64url');
	return { token, hash: hashInviteToken(token) };
}
