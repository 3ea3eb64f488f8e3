/**
 * SUPABASE DOUBLE — a local stand-in, NOT Supabase.
 *
 * It answers exactly the endpoints our Supabase adapters reach through supabase-js 2.109 and
 * @supabase/ssr 0.12, with the request and response shapes of Supabase Auth (GoTrue) and Supabase
 * Storage as their API reference and source describe them:
 *
 *   Auth (`/auth/v1`): POST /signup, POST /token?grant_type=password|refresh_token, GET|PUT /user,
 *   POST /logout?scope=, POST /otp, POST /recover, POST /verify, GET /.well-known/jwks.json
 *
 *   Storage (`/storage/v1`): POST /object/{bucket}/{path} (upload), DELETE /object/{bucket}
 *   (remove by prefixes) and DELETE /object/{bucket}/{path}, POST /object/sign/{bucket}/{path},
 *   GET /object/sign/{bucket}/{path}?token= (the signed download), POST /object/list/{bucket}
 *
 * Access tokens are ES256 JWTs signed with a key generated at start, published at the JWKS
 * endpoint with a `kid`, so `auth.getClaims()` verifies them locally exactly as it does against a
 * project with asymmetric signing keys (and falls back to GET /user for anything else).
 *
 * Storage is answered by ./storage-double.ts, as Supabase's Storage server answers (see there):
 * on a database given as `database`, its rows are storage.objects and our own policies decide;
 * without one, a memory stand-in where `grantFolder()` says who may use which folder. Callers
 * are what the gateway makes of the request: a verified user JWT acts as that user, the
 * publishable key as anon, and the secret key (`secretKey`, like a project's `sb_secret_…`) as
 * the service_role, which bypasses Row Level Security, when the Authorization header carries no
 * user JWT (absent, or the key itself, as supabase-js sends it). Email is not sent: messages
 * land in `outbox`.
 *
 * Anything not listed answers 404 so a new call from the adapters shows up as a failing test.
 */
import {
	createHash,
	generateKeyPairSync,
	randomBytes,
	randomUUID,
	sign,
	timingSafeEqual,
	verify,
	type JsonWebKey,
	type KeyObject
} from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/lib/server/db';
import {
	HttpFailure,
	base64urlJson,
	bearer,
	header,
	isObject,
	parseJsonObject,
	readJson,
	sendJson,
	type Json,
	type JsonObject
} from './http';
import { StorageDouble, type DoubleBucket, type StorageCaller } from './storage-double';

export type { DoubleBucket } from './storage-double';

export interface SupabaseDoubleOptions {
	/** Storage's buckets when it keeps its rows in memory (no `database`). */
	buckets?: DoubleBucket[];
	/**
	 * The owner's handle of a database our migrations were applied to: Storage keeps its rows in
	 * its storage.objects (buckets from storage.buckets) and our policies decide every call.
	 */
	database?: Kysely<DB>;
	/** GoTrue's MAILER_AUTOCONFIRM: sign-up returns a session instead of sending a confirmation. */
	autoconfirm?: boolean;
	/** GoTrue's SMTP_MAX_FREQUENCY: one email per address per this many seconds. */
	emailMinIntervalSeconds?: number;
	accessTokenSeconds?: number;
}

export interface SentEmail {
	type: 'signup' | 'magiclink' | 'recovery';
	to: string;
	/** What the email template's `{{ .TokenHash }}` would contain. */
	tokenHash: string;
	redirectTo: string | null;
}

export interface SupabaseDouble {
	/** Base URL, like https://<ref>.supabase.co. */
	url: string;
	publishableKey: string;
	/** The project's secret key: whoever holds it bypasses the storage policies. */
	secretKey: string;
	settings: { autoconfirm: boolean };
	outbox: SentEmail[];
	/** `METHOD /path` of every request received, newest last. */
	requests: string[];
	/**
	 * Creates a confirmed user directly, like the dashboard's "Add user". Returns its id: `id` when
	 * given (the id of an auth.users row the database already has, so its policies know the user).
	 */
	createUser(email: string, password: string, options?: { id?: string }): string;
	/** Without a database: lets a user read, create and delete objects under `<folder>/`. */
	grantFolder(userId: string, bucket: string, folder: string): void;
	close(): Promise<void>;
}

interface UserRecord {
	id: string;
	email: string;
	passwordSalt: string;
	passwordHash: string;
	confirmedAt: string | null;
	createdAt: string;
	updatedAt: string;
	lastSignInAt: string | null;
	userMetadata: JsonObject;
	lastEmailAt: number;
}

interface SessionRecord {
	id: string;
	userId: string;
	method: string;
}

interface EmailToken {
	userId: string;
	type: SentEmail['type'];
	expiresAt: number;
}

const API_VERSION_HEADER = 'x-supabase-api-version';
const API_VERSION_2024 = '2024-01-01';
const MIN_PASSWORD_LENGTH = 6;
const EMAIL_TOKEN_SECONDS = 3600;
const EMAIL_FORMAT = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function startSupabaseDouble(
	options: SupabaseDoubleOptions = {}
): Promise<SupabaseDouble> {
	const state = new DoubleState(options);
	const server = createServer((req, res) => {
		state.handle(req, res).catch((error: unknown) => {
			if (!res.headersSent) sendJson(res, 500, { message: String(error) });
			else res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	state.url = `http://127.0.0.1:${port}`;
	return {
		url: state.url,
		publishableKey: state.publishableKey,
		secretKey: state.secretKey,
		settings: state.settings,
		outbox: state.outbox,
		requests: state.requests,
		createUser: (email, password, options) =>
			state.createUser(email, password, {}, true, options?.id).id,
		grantFolder: (userId, bucket, folder) => state.storage.grantFolder(userId, bucket, folder),
		close: () => closeServer(server)
	};
}

class DoubleState {
	url = '';
	readonly publishableKey = `sb_publishable_double_${randomBytes(12).toString('hex')}`;
	readonly secretKey = `sb_secret_double_${randomBytes(12).toString('hex')}`;
	readonly settings: { autoconfirm: boolean };
	readonly outbox: SentEmail[] = [];
	readonly requests: string[] = [];
	private readonly users = new Map<string, UserRecord>();
	private readonly sessions = new Map<string, SessionRecord>();
	private readonly refreshTokens = new Map<string, string>();
	private readonly emailTokens = new Map<string, EmailToken>();
	readonly storage: StorageDouble;
	private readonly emailIntervalMs: number;
	private readonly accessTokenSeconds: number;
	private readonly kid = randomUUID();
	private readonly privateKey: KeyObject;
	private readonly publicKey: KeyObject;
	private readonly publicJwk: JsonWebKey;

	constructor(options: SupabaseDoubleOptions) {
		this.settings = { autoconfirm: options.autoconfirm ?? true };
		this.storage = new StorageDouble({ buckets: options.buckets, database: options.database });
		this.emailIntervalMs = (options.emailMinIntervalSeconds ?? 60) * 1000;
		this.accessTokenSeconds = options.accessTokenSeconds ?? 3600;
		const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
		this.privateKey = privateKey;
		this.publicKey = publicKey;
		this.publicJwk = {
			...publicKey.export({ format: 'jwk' }),
			kid: this.kid,
			alg: 'ES256',
			use: 'sig',
			key_ops: ['verify']
		};
	}

	async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://double');
		const method = req.method ?? 'GET';
		this.requests.push(`${method} ${url.pathname}`);
		try {
			if (url.pathname.startsWith('/auth/v1/')) {
				this.requireApiKey(req);
				await this.handleAuth(req, res, method, url);
			} else if (url.pathname.startsWith('/storage/v1/')) {
				// Signed download URLs work without an API key, as they do through Supabase's gateway.
				if (!(method === 'GET' && url.pathname.startsWith('/storage/v1/object/sign/'))) {
					this.requireApiKey(req);
				}
				const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
				await this.storage.handle(
					req,
					res,
					() => this.storageCaller(req),
					rawPath,
					url.searchParams
				);
			} else {
				sendJson(res, 404, { message: 'no Route matched with those values' });
			}
		} catch (error) {
			if (!(error instanceof HttpFailure)) throw error;
			const headers = apiVersionHeaders(req);
			sendJson(res, error.status, error.body, headers);
		}
	}

	// ---------------------------------------------------------------- gateway

	private requireApiKey(req: IncomingMessage): void {
		const key = header(req, 'apikey');
		if (!key) throw new HttpFailure(401, { message: 'No API key found in request' });
		if (key !== this.publishableKey && key !== this.secretKey) {
			throw new HttpFailure(401, { message: 'Invalid API key' });
		}
	}

	// ---------------------------------------------------------------- auth

	private async handleAuth(
		req: IncomingMessage,
		res: ServerResponse,
		method: string,
		url: URL
	): Promise<void> {
		const route = `${method} ${url.pathname.slice('/auth/v1'.length)}`;
		const reply = (status: number, body: Json) =>
			sendJson(res, status, body, apiVersionHeaders(req));
		switch (route) {
			case 'GET /.well-known/jwks.json':
				return reply(200, { keys: [this.publicJwk as JsonObject] });
			case 'POST /signup':
				return reply(200, this.signup(req, await readJson(req), url));
			case 'POST /token':
				return reply(200, this.token(req, await readJson(req), url.searchParams.get('grant_type')));
			case 'GET /user':
				return reply(200, userJson(this.authenticate(req).user));
			case 'PUT /user':
				return reply(200, this.updateUser(req, await readJson(req)));
			case 'POST /logout':
				this.logout(req, url.searchParams.get('scope') ?? 'global');
				res.writeHead(204, apiVersionHeaders(req)).end();
				return;
			case 'POST /otp':
				return reply(200, this.otp(req, await readJson(req), url));
			case 'POST /recover':
				return reply(200, this.recover(req, await readJson(req), url));
			case 'POST /verify':
				return reply(200, this.verify(req, await readJson(req)));
			default:
				throw new HttpFailure(404, { code: 'not_found', message: 'Not found' });
		}
	}

	createUser(
		email: string,
		password: string,
		userMetadata: JsonObject,
		confirmed: boolean,
		id: string = randomUUID()
	): UserRecord {
		const now = new Date().toISOString();
		const salt = randomBytes(16).toString('hex');
		const user: UserRecord = {
			id,
			email: email.trim().toLowerCase(),
			passwordSalt: salt,
			passwordHash: hashPassword(password, salt),
			confirmedAt: confirmed ? now : null,
			createdAt: now,
			updatedAt: now,
			lastSignInAt: null,
			userMetadata,
			lastEmailAt: 0
		};
		this.users.set(user.id, user);
		return user;
	}

	private signup(req: IncomingMessage, body: JsonObject, url: URL): Json {
		const email = this.validEmail(req, body.email);
		const password = typeof body.password === 'string' ? body.password : '';
		if (!password) {
			throw this.authFailure(req, 422, 'validation_failed', 'Signup requires a valid password');
		}
		this.checkPasswordStrength(req, password);
		const data = isObject(body.data) ? body.data : {};
		const existing = this.findUserByEmail(email);
		if (existing?.confirmedAt) {
			if (this.settings.autoconfirm) {
				throw this.authFailure(req, 422, 'user_already_exists', 'User already registered');
			}
			// GoTrue answers a repeated sign-up with a look-alike user so the address stays private.
			return sanitizedUser(email, data);
		}
		const user = existing ?? this.createUser(email, password, data, this.settings.autoconfirm);
		if (user.confirmedAt) return this.issueSession(user, 'password');
		this.sendEmail(req, user, 'signup', url);
		return userJson(user);
	}

	private token(req: IncomingMessage, body: JsonObject, grantType: string | null): Json {
		if (grantType === 'password') return this.passwordGrant(req, body);
		if (grantType === 'refresh_token') return this.refreshGrant(req, body);
		throw this.authFailure(req, 400, 'validation_failed', 'unsupported_grant_type');
	}

	private passwordGrant(req: IncomingMessage, body: JsonObject): Json {
		const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
		const password = typeof body.password === 'string' ? body.password : '';
		const user = this.findUserByEmail(email);
		if (!user || !passwordMatches(user, password)) {
			throw this.authFailure(req, 400, 'invalid_credentials', 'Invalid login credentials');
		}
		if (!user.confirmedAt) {
			throw this.authFailure(req, 400, 'email_not_confirmed', 'Email not confirmed');
		}
		return this.issueSession(user, 'password');
	}

	private refreshGrant(req: IncomingMessage, body: JsonObject): Json {
		const token = typeof body.refresh_token === 'string' ? body.refresh_token : '';
		const sessionId = this.refreshTokens.get(token);
		const session = sessionId ? this.sessions.get(sessionId) : undefined;
		const user = session ? this.users.get(session.userId) : undefined;
		if (!session || !user) {
			throw this.authFailure(
				req,
				400,
				'refresh_token_not_found',
				'Invalid Refresh Token: Refresh Token Not Found'
			);
		}
		this.refreshTokens.delete(token);
		return this.tokenResponse(user, session);
	}

	private updateUser(req: IncomingMessage, body: JsonObject): Json {
		const { user } = this.authenticate(req);
		if (typeof body.password === 'string') {
			this.checkPasswordStrength(req, body.password);
			if (passwordMatches(user, body.password)) {
				throw this.authFailure(
					req,
					422,
					'same_password',
					'New password should be different from the old password.'
				);
			}
			user.passwordSalt = randomBytes(16).toString('hex');
			user.passwordHash = hashPassword(body.password, user.passwordSalt);
		}
		if (isObject(body.data)) user.userMetadata = { ...user.userMetadata, ...body.data };
		user.updatedAt = new Date().toISOString();
		return userJson(user);
	}

	private logout(req: IncomingMessage, scope: string): void {
		const { user, session } = this.authenticate(req);
		for (const other of [...this.sessions.values()]) {
			if (other.userId !== user.id) continue;
			const isThis = other.id === session.id;
			if (scope === 'global' || (scope === 'local' && isThis) || (scope === 'others' && !isThis)) {
				this.endSession(other.id);
			}
		}
	}

	private otp(req: IncomingMessage, body: JsonObject, url: URL): Json {
		const email = this.validEmail(req, body.email);
		let user = this.findUserByEmail(email);
		if (!user) {
			if (body.create_user === false) {
				throw this.authFailure(req, 422, 'otp_disabled', 'Signups not allowed for otp');
			}
			user = this.createUser(email, randomBytes(32).toString('hex'), {}, false);
		}
		this.sendEmail(req, user, 'magiclink', url);
		return {};
	}

	private recover(req: IncomingMessage, body: JsonObject, url: URL): Json {
		const email = this.validEmail(req, body.email);
		const user = this.findUserByEmail(email);
		// GoTrue answers the same for unknown addresses.
		if (user) this.sendEmail(req, user, 'recovery', url);
		return {};
	}

	private verify(req: IncomingMessage, body: JsonObject): Json {
		const hash = typeof body.token_hash === 'string' ? body.token_hash : '';
		const type = typeof body.type === 'string' ? body.type : '';
		const token = this.emailTokens.get(hash);
		const user = token ? this.users.get(token.userId) : undefined;
		if (!token || !user || token.expiresAt < Date.now() || !typeMatches(token.type, type)) {
			throw this.authFailure(req, 403, 'otp_expired', 'Email link is invalid or has expired');
		}
		this.emailTokens.delete(hash);
		user.confirmedAt ??= new Date().toISOString();
		return this.issueSession(user, token.type === 'recovery' ? 'recovery' : 'otp');
	}

	private sendEmail(req: IncomingMessage, user: UserRecord, type: SentEmail['type'], url: URL) {
		const waitMs = user.lastEmailAt + this.emailIntervalMs - Date.now();
		if (waitMs > 0) {
			throw this.authFailure(
				req,
				429,
				'over_email_send_rate_limit',
				`For security purposes, you can only request this after ${Math.ceil(waitMs / 1000)} seconds.`
			);
		}
		user.lastEmailAt = Date.now();
		const tokenHash = randomBytes(28).toString('hex');
		this.emailTokens.set(tokenHash, {
			userId: user.id,
			type,
			expiresAt: Date.now() + EMAIL_TOKEN_SECONDS * 1000
		});
		this.outbox.push({
			type,
			to: user.email,
			tokenHash,
			redirectTo: url.searchParams.get('redirect_to')
		});
	}

	private issueSession(user: UserRecord, method: string): Json {
		const session: SessionRecord = { id: randomUUID(), userId: user.id, method };
		this.sessions.set(session.id, session);
		user.lastSignInAt = new Date().toISOString();
		return this.tokenResponse(user, session);
	}

	private tokenResponse(user: UserRecord, session: SessionRecord): Json {
		const now = Math.floor(Date.now() / 1000);
		const expiresAt = now + this.accessTokenSeconds;
		const refreshToken = randomBytes(9).toString('base64url');
		this.refreshTokens.set(refreshToken, session.id);
		const claims: JsonObject = {
			iss: `${this.url}/auth/v1`,
			sub: user.id,
			aud: 'authenticated',
			exp: expiresAt,
			iat: now,
			email: user.email,
			phone: '',
			app_metadata: { provider: 'email', providers: ['email'] },
			user_metadata: user.userMetadata,
			role: 'authenticated',
			aal: 'aal1',
			amr: [{ method: session.method, timestamp: now }],
			session_id: session.id,
			is_anonymous: false
		};
		return {
			access_token: this.signJwt(claims),
			token_type: 'bearer',
			expires_in: this.accessTokenSeconds,
			expires_at: expiresAt,
			refresh_token: refreshToken,
			user: userJson(user)
		};
	}

	private endSession(sessionId: string): void {
		this.sessions.delete(sessionId);
		for (const [token, owner] of this.refreshTokens) {
			if (owner === sessionId) this.refreshTokens.delete(token);
		}
	}

	/** GoTrue's requireAuthentication: a valid JWT whose session still exists. */
	private authenticate(req: IncomingMessage): { user: UserRecord; session: SessionRecord } {
		const token = bearer(req);
		if (!token || token === this.publishableKey) {
			throw this.authFailure(
				req,
				401,
				'no_authorization',
				'This endpoint requires a valid Bearer token'
			);
		}
		const claims = this.verifyJwt(token);
		if (!claims) {
			throw this.authFailure(
				req,
				403,
				'bad_jwt',
				'invalid JWT: unable to parse or verify signature, token is unverifiable'
			);
		}
		const session =
			typeof claims.session_id === 'string' ? this.sessions.get(claims.session_id) : undefined;
		const user = typeof claims.sub === 'string' ? this.users.get(claims.sub) : undefined;
		if (!session || !user || session.userId !== user.id) {
			throw this.authFailure(
				req,
				403,
				'session_not_found',
				'Session from session_id claim in JWT does not exist'
			);
		}
		return { user, session };
	}

	private validEmail(req: IncomingMessage, value: Json | undefined): string {
		const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
		if (!EMAIL_FORMAT.test(email)) {
			throw this.authFailure(
				req,
				400,
				'validation_failed',
				'Unable to validate email address: invalid format'
			);
		}
		return email;
	}

	private checkPasswordStrength(req: IncomingMessage, password: string): void {
		if (password.length >= MIN_PASSWORD_LENGTH) return;
		throw this.authFailure(
			req,
			422,
			'weak_password',
			`Password should be at least ${MIN_PASSWORD_LENGTH} characters.`,
			{ weak_password: { reasons: ['length'] } }
		);
	}

	private findUserByEmail(email: string): UserRecord | undefined {
		return [...this.users.values()].find((user) => user.email === email);
	}

	/**
	 * GoTrue's two error bodies: `{ code, message }` for clients sending X-Supabase-Api-Version
	 * 2024-01-01 or later (supabase-js does), `{ code: <status>, error_code, msg }` for older ones.
	 */
	private authFailure(
		req: IncomingMessage,
		status: number,
		code: string,
		message: string,
		extra: JsonObject = {}
	): HttpFailure {
		const modern = (header(req, API_VERSION_HEADER) ?? '') >= API_VERSION_2024;
		const body: JsonObject = modern
			? { code, message, ...extra }
			: { code: status, error_code: code, msg: message, ...extra };
		return new HttpFailure(status, body);
	}

	// ---------------------------------------------------------------- JWTs

	private signJwt(claims: JsonObject): string {
		const head = base64urlJson({ alg: 'ES256', kid: this.kid, typ: 'JWT' });
		const body = base64urlJson(claims);
		// WebCrypto (used by getClaims) expects the raw r||s signature, not DER.
		const signature = sign('sha256', Buffer.from(`${head}.${body}`), {
			key: this.privateKey,
			dsaEncoding: 'ieee-p1363'
		});
		return `${head}.${body}.${signature.toString('base64url')}`;
	}

	private verifyJwt(token: string): JsonObject | null {
		const parts = token.split('.');
		if (parts.length !== 3) return null;
		const [head, body, signature] = parts as [string, string, string];
		const header = parseJsonObject(Buffer.from(head, 'base64url').toString('utf8'));
		const claims = parseJsonObject(Buffer.from(body, 'base64url').toString('utf8'));
		if (!header || !claims || header.alg !== 'ES256' || header.kid !== this.kid) return null;
		const valid = verify(
			'sha256',
			Buffer.from(`${head}.${body}`),
			{ key: this.publicKey, dsaEncoding: 'ieee-p1363' },
			Buffer.from(signature, 'base64url')
		);
		if (!valid) return null;
		if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return null;
		return claims;
	}

	// ---------------------------------------------------------------- storage

	/**
	 * The caller as Storage sees it: a verified user JWT (its claims go to the database as
	 * request.jwt.claims), or else the API key's own role (anon for the publishable key,
	 * service_role for the secret key).
	 */
	private storageCaller(req: IncomingMessage): StorageCaller {
		const token = bearer(req);
		const apiKey = header(req, 'apikey');
		if (apiKey === this.secretKey && (!token || token === this.secretKey)) {
			return { role: 'service_role', claims: { role: 'service_role' } };
		}
		if (!token || token === this.publishableKey) return { role: 'anon', claims: { role: 'anon' } };
		const claims = this.verifyJwt(token);
		if (!claims || typeof claims.sub !== 'string') {
			throw new HttpFailure(400, {
				statusCode: '400',
				code: 'InvalidJWT',
				error: 'InvalidJWT',
				message: 'invalid signature'
			});
		}
		return { role: 'authenticated', sub: claims.sub, claims };
	}
}

// ------------------------------------------------------------------ helpers

function userJson(user: UserRecord): JsonObject {
	const identity: JsonObject = {
		identity_id: user.id,
		id: user.id,
		user_id: user.id,
		identity_data: {
			email: user.email,
			email_verified: user.confirmedAt !== null,
			phone_verified: false,
			sub: user.id
		},
		provider: 'email',
		last_sign_in_at: user.lastSignInAt,
		created_at: user.createdAt,
		updated_at: user.updatedAt,
		email: user.email
	};
	return {
		id: user.id,
		aud: 'authenticated',
		role: 'authenticated',
		email: user.email,
		email_confirmed_at: user.confirmedAt,
		phone: '',
		confirmed_at: user.confirmedAt,
		last_sign_in_at: user.lastSignInAt,
		app_metadata: { provider: 'email', providers: ['email'] },
		user_metadata: user.userMetadata,
		identities: [identity],
		created_at: user.createdAt,
		updated_at: user.updatedAt,
		is_anonymous: false
	};
}

/** GoTrue's sanitizeUser: a fresh id, no identities, nothing that proves the account exists. */
function sanitizedUser(email: string, data: JsonObject): JsonObject {
	const now = new Date().toISOString();
	return {
		id: randomUUID(),
		aud: 'authenticated',
		role: '',
		email,
		phone: '',
		confirmation_sent_at: now,
		app_metadata: { provider: 'email', providers: ['email'] },
		user_metadata: data,
		identities: [],
		created_at: now,
		updated_at: now,
		is_anonymous: false
	};
}

function typeMatches(sent: SentEmail['type'], requested: string): boolean {
	// GoTrue accepts the newer 'email' type for both sign-up confirmations and magic links.
	if (requested === 'email') return sent === 'signup' || sent === 'magiclink';
	return sent === requested;
}

function hashPassword(password: string, salt: string): string {
	return createHash('sha256').update(salt).update(password).digest('hex');
}

function passwordMatches(user: UserRecord, password: string): boolean {
	const given = Buffer.from(hashPassword(password, user.passwordSalt), 'hex');
	return timingSafeEqual(given, Buffer.from(user.passwordHash, 'hex'));
}

function apiVersionHeaders(req: IncomingMessage): Record<string, string> {
	const version = header(req, API_VERSION_HEADER);
	return version ? { 'X-Supabase-Api-Version': version } : {};
}

function closeServer(server: Server): Promise<void> {
	server.closeAllConnections();
	return new Promise((resolve, reject) =>
		server.close((error) => (error ? reject(error) : resolve()))
	);
}
