/**
 * The Storage half of the SUPABASE DOUBLE — a local stand-in, NOT Supabase Storage.
 *
 * It answers the endpoints our adapters reach through supabase-js 2.109 the way Supabase's
 * Storage server answers them, written from that server's source (github.com/supabase/storage,
 * commit 4fa61fba9371c4bd40cbb81509f07bcb3af21683; files cited below are from it):
 *
 *   POST   /object/{bucket}/{name}        upload            src/http/routes/object/createObject.ts
 *   DELETE /object/{bucket}               remove `prefixes` src/http/routes/object/deleteObjects.ts
 *   DELETE /object/{bucket}/{name}        remove one        src/http/routes/object/deleteObject.ts
 *   POST   /object/sign/{bucket}/{name}   sign a download   src/http/routes/object/getSignedURL.ts
 *   GET    /object/sign/{bucket}/{name}   signed download   src/http/routes/object/getSignedObject.ts
 *   POST   /object/list/{bucket}          list a prefix     src/http/routes/object/listObjects.ts
 *
 * Object rows live in one of two places, chosen when the double starts:
 *
 * - A database (`database`: the owner's handle of a database our migrations were applied to).
 *   The rows are storage.objects and the buckets storage.buckets; each request's statements run
 *   as the caller's role with its JWT claims (and `storage.allow_delete_query`), as Storage's
 *   src/internal/database/postgres/scope.ts sets them, and its "super user" steps as
 *   service_role. So our own storage policies decide, exactly as on a project.
 * - Memory (no database): a stand-in for policies. A user may read, create and delete objects
 *   under folders granted with grantFolder(); anon may do nothing; nobody but the service role
 *   may overwrite an object (our migrations define no update policy on storage.objects).
 *
 * The bytes are kept in memory either way. Refusals are rendered as Storage renders them
 * (src/http/error-handler.ts, src/internal/errors/codes.ts): HTTP 400 (500 stays 500) with the
 * real status as the string `statusCode`, the error `code`, a legacy `error` and `message`.
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../src/lib/server/db';
import {
	HttpFailure,
	base64urlJson,
	header,
	parseJsonObject,
	readBody,
	readJson,
	sendJson,
	type Json,
	type JsonObject
} from './http';

export interface DoubleBucket {
	id: string;
	fileSizeLimit: number | null;
	allowedMimeTypes: string[] | null;
}

/** Who a request acts for, as Storage derives it from the JWT (or the API key's own role). */
export type StorageCaller =
	| { role: 'anon'; claims: JsonObject }
	| { role: 'service_role'; claims: JsonObject }
	| { role: 'authenticated'; sub: string; claims: JsonObject };

export interface StorageDoubleOptions {
	/** Memory mode only: the buckets there are (a database has its own storage.buckets). */
	buckets?: DoubleBucket[];
	/** The owner's handle of a migrated database: rows go to storage.objects, policies apply. */
	database?: Kysely<DB>;
}

/** One storage.objects row, as much of it as Storage answers with. */
interface ObjectRow {
	id: string;
	bucket_id: string;
	name: string;
	owner: string | null;
	owner_id: string | null;
	metadata: JsonObject | null;
	user_metadata: JsonObject | null;
	created_at: string;
	updated_at: string;
	last_accessed_at: string;
}

type NewRow = Pick<
	ObjectRow,
	'bucket_id' | 'name' | 'owner' | 'owner_id' | 'metadata' | 'user_metadata'
>;

/** Where rows live and who decides access: the database's policies, or the memory stand-in. */
interface ObjectTable {
	bucket(id: string): Promise<DoubleBucket | undefined>;
	/** Storage's canUpload (src/storage/uploader.ts): the write tried as the caller, rolled back. */
	testCreate(caller: StorageCaller, row: NewRow, upsert: boolean): Promise<void>;
	/** Storage's completeUpload: the row upserted as the super user. */
	write(row: NewRow): Promise<ObjectRow>;
	find(caller: StorageCaller, bucket: string, name: string): Promise<ObjectRow | undefined>;
	/** Rows whose lower-cased name starts with `prefix` (lower-cased), visible to the caller. */
	search(caller: StorageCaller, bucket: string, prefix: string): Promise<ObjectRow[]>;
	remove(caller: StorageCaller, bucket: string, names: string[]): Promise<ObjectRow[]>;
}

const SUPER_USER: StorageCaller = { role: 'service_role', claims: { role: 'service_role' } };

// src/storage/limits.ts: isValidKey and isValidBucketName.
const VALID_OBJECT_KEY = /^[A-Za-z0-9_/!.*'() &$=@;:+,?-]*$/;
const VALID_BUCKET_NAME = /^[A-Za-z0-9_!.*'() &$=@;:+,?-]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-5][0-9a-f]{3}-[089ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
// storage.search(): at most this many entries per call, whatever the limit asked.
const MAX_LIST_LIMIT = 1500;

export class StorageDouble {
	private readonly table: ObjectTable;
	private readonly memory: MemoryObjects | null;
	private readonly bytes = new Map<string, Buffer>();
	// Storage signs download URLs with its own secret (HS256), separate from the auth keys.
	private readonly urlSigningSecret = randomBytes(32);

	constructor(options: StorageDoubleOptions) {
		if (options.database) {
			this.memory = null;
			this.table = new DatabaseObjects(options.database);
		} else {
			this.memory = new MemoryObjects(options.buckets ?? []);
			this.table = this.memory;
		}
	}

	/** Memory mode: lets a user read, create and delete objects under `<folder>/`. */
	grantFolder(userId: string, bucket: string, folder: string): void {
		if (!this.memory) {
			throw new Error('The double runs on a database: its storage policies decide, not grants.');
		}
		this.memory.grants.add(grantKey(userId, bucket, folder));
	}

	/**
	 * Answers one request under /storage/v1/object/. `rawPath` is the path as sent, not the
	 * WHATWG-normalised one: a `%2E%2E` segment must reach the name checks, as it reaches Storage.
	 */
	async handle(
		req: IncomingMessage,
		res: ServerResponse,
		caller: () => StorageCaller,
		rawPath: string,
		query: URLSearchParams
	): Promise<void> {
		const method = req.method ?? 'GET';
		const path = decodePath(rawPath.slice('/storage/v1/object/'.length));
		if (method === 'GET' && path.startsWith('sign/')) {
			return this.serveSigned(res, path.slice('sign/'.length), query);
		}
		if (method === 'POST' && path.startsWith('sign/')) {
			const [bucket, name] = splitBucket(path.slice('sign/'.length));
			return sendJson(res, 200, await this.sign(caller(), bucket, name, await readJson(req)));
		}
		if (method === 'POST' && path.startsWith('list/')) {
			const bucket = path.slice('list/'.length);
			return sendJson(res, 200, await this.list(caller(), bucket, await readJson(req)));
		}
		const [bucket, name] = splitBucket(path);
		if (method === 'POST' && name) {
			const who = caller();
			return sendJson(res, 200, await this.upload(req, who, bucket, name, await readBody(req)));
		}
		if (method === 'DELETE' && !name) {
			const body = await readJson(req);
			return sendJson(res, 200, await this.removeMany(caller(), bucket, body));
		}
		if (method === 'DELETE' && name) {
			await this.removeOne(caller(), bucket, name);
			return sendJson(res, 200, { message: 'Successfully deleted' });
		}
		refuse('404', 'NotFound', 'Route not found');
	}

	// ------------------------------------------------------------------ upload

	/**
	 * In Storage's order (createObject.ts → object.ts uploadFromRequest → uploader.ts): bucket,
	 * then the type, then the size (fileUploadFromRequest), then the key's characters
	 * (mustBeValidKey), then the policies (canUpload), then the backend's path check, then the
	 * row, written as the super user with the caller as its owner.
	 */
	private async upload(
		req: IncomingMessage,
		caller: StorageCaller,
		bucketId: string,
		name: string,
		bytes: Buffer
	): Promise<Json> {
		assertBucketName(bucketId);
		const bucket = await this.table.bucket(bucketId);
		if (!bucket) refuse('404', 'NoSuchBucket', 'Bucket not found', 'Bucket not found');
		// A binary body's type is its Content-Type header, unparsed (uploader.ts).
		const mimetype = header(req, 'content-type') || 'application/octet-stream';
		if (bucket.allowedMimeTypes?.length && !mimeAllowed(mimetype, bucket.allowedMimeTypes)) {
			refuse(
				'415',
				'InvalidMimeType',
				`mime type ${mimetype} is not supported`,
				'invalid_mime_type'
			);
		}
		const userMetadata = parseUserMetadata(header(req, 'x-metadata'));
		if (bucket.fileSizeLimit !== null && bytes.length > bucket.fileSizeLimit) {
			refuse(
				'413',
				'EntityTooLarge',
				'The object exceeded the maximum allowed size',
				'Payload too large'
			);
		}
		if (!name || !VALID_OBJECT_KEY.test(name)) refuse('400', 'InvalidKey', `Invalid key: ${name}`);
		const sub = caller.role === 'authenticated' ? caller.sub : null;
		const row: NewRow = {
			bucket_id: bucketId,
			name,
			// object.ts passes request.owner (the JWT's sub); pg.ts keeps it in `owner` only when
			// it is a uuid, and always in `owner_id`.
			owner: sub && UUID.test(sub) ? sub : null,
			owner_id: sub,
			metadata: { mimetype, contentLength: bytes.length },
			user_metadata: userMetadata
		};
		const upsert = header(req, 'x-upsert') === 'true';
		await this.table.testCreate(caller, row, upsert);
		// The file backend (src/storage/backend/secure-path.ts) refuses `.`/`..` segments and NUL.
		if (name.includes('\0') || name.split('/').some((part) => part === '.' || part === '..')) {
			refuse('400', 'InvalidKey', `Invalid key: ${bucketId}/${name} contains dot path segment`);
		}
		const written = await this.table.write({
			...row,
			metadata: objectMetadata(bytes, mimetype, header(req, 'cache-control'))
		});
		this.bytes.set(`${bucketId}/${name}`, bytes);
		return { Id: written.id, Key: `${bucketId}/${name}` };
	}

	// ------------------------------------------------------------------ remove

	/** deleteObjects: rows the caller's policies let it delete go; the rest are left out. */
	private async removeMany(caller: StorageCaller, bucketId: string, body: JsonObject) {
		assertBucketName(bucketId);
		const prefixes = Array.isArray(body.prefixes)
			? body.prefixes.filter((prefix): prefix is string => typeof prefix === 'string')
			: [];
		const removed = await this.table.remove(caller, bucketId, prefixes);
		for (const row of removed) this.bytes.delete(`${bucketId}/${row.name}`);
		return removed.map(objectJson);
	}

	/** deleteObject: 404 when there is no such row at all, 403 when the policies refuse. */
	private async removeOne(caller: StorageCaller, bucketId: string, name: string) {
		assertBucketName(bucketId);
		if (!(await this.table.find(SUPER_USER, bucketId, name))) {
			refuse('404', 'NoSuchKey', 'Object not found', 'not_found');
		}
		const removed = await this.table.remove(caller, bucketId, [name]);
		if (removed.length === 0) refuse('403', 'AccessDenied', 'Access denied', 'Unauthorized');
		this.bytes.delete(`${bucketId}/${name}`);
	}

	// ------------------------------------------------------------------ sign and serve

	/** signObjectUrl: the object must be visible to the caller; the token names it. */
	private async sign(caller: StorageCaller, bucketId: string, name: string, body: JsonObject) {
		const expiresIn = body.expiresIn;
		if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < 1) {
			refuse('400', 'InvalidRequest', 'body/expiresIn must be integer >= 1');
		}
		assertBucketName(bucketId);
		if (!(await this.table.find(caller, bucketId, name))) {
			refuse('404', 'NoSuchKey', 'Object not found', 'not_found');
		}
		const iat = Math.floor(Date.now() / 1000);
		const url = `${bucketId}/${name}`;
		const token = this.signUrlToken({ url, scope: 'download', iat, exp: iat + expiresIn });
		return { signedURL: `/object/sign/${url}?token=${token}` };
	}

	/**
	 * getSignedObject: the token decides (no API key, no JWT), the row is read as the super user,
	 * and the headers are the asset renderer's (src/storage/renderer/renderer.ts).
	 */
	private async serveSigned(res: ServerResponse, path: string, query: URLSearchParams) {
		const claims = this.verifyUrlToken(query.get('token') ?? '');
		if (!claims) refuse('400', 'InvalidJWT', 'invalid signature');
		if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) {
			refuse('400', 'InvalidJWT', 'jwt expired');
		}
		if (claims.scope !== 'download') {
			refuse('400', 'InvalidSignature', 'Token is not scoped for download');
		}
		if (claims.url !== path) refuse('400', 'InvalidSignature', 'Invalid signature');
		const [bucketId, name] = splitBucket(path);
		const row = await this.table.find(SUPER_USER, bucketId, name);
		const bytes = this.bytes.get(path);
		if (!row || !bytes) refuse('404', 'NoSuchKey', 'Object not found', 'not_found');
		const metadata = row.metadata ?? {};
		const headers: Record<string, string> = {
			'accept-ranges': 'bytes',
			'content-type': String(metadata.mimetype ?? 'application/octet-stream'),
			etag: String(metadata.eTag ?? ''),
			'x-robots-tag': 'none',
			'last-modified': new Date(row.updated_at).toUTCString(),
			'content-length': String(bytes.length),
			expires: new Date(claims.exp * 1000).toUTCString()
		};
		const download = query.get('download');
		if (download === '') headers['content-disposition'] = 'attachment;';
		else if (download !== null) {
			const encoded = encodeURIComponent(download);
			headers['content-disposition'] =
				`attachment; filename=${encoded}; filename*=UTF-8''${encoded}`;
		}
		res.writeHead(200, headers).end(bytes);
	}

	// ------------------------------------------------------------------ list

	/**
	 * listObjects → storage.search() (migrations/tenant/0063-fix-search-name-relative-to-prefix.sql):
	 * SECURITY INVOKER, so the caller's policies decide; one entry per object directly under the
	 * prefix and one per folder; names relative to the prefix, matched case-insensitively and
	 * sorted by lower(name) collate "C". Its columns are name, id, updated_at, created_at,
	 * last_accessed_at and metadata: never user_metadata or the owner. No bucket check: a
	 * bucket that does not exist lists as [].
	 */
	private async list(caller: StorageCaller, bucketId: string, body: JsonObject): Promise<Json[]> {
		assertBucketName(bucketId);
		if (typeof body.prefix !== 'string') {
			refuse('400', 'InvalidRequest', "body must have required property 'prefix'");
		}
		let prefix = body.prefix;
		// object.ts searchObjects: "assuming prefix is always a folder".
		if (prefix && !prefix.endsWith('/')) prefix += '/';
		const search = typeof body.search === 'string' ? body.search : '';
		const limit = Math.min(positiveInteger(body.limit, 100), MAX_LIST_LIMIT);
		const offset = typeof body.offset === 'number' ? body.offset : 0;
		const sortBy = body.sortBy as JsonObject | undefined;
		const descending = sortBy?.order === 'desc';
		const rows = await this.table.search(caller, bucketId, prefix + search);
		const entries: JsonObject[] = [];
		const folders = new Set<string>();
		for (const row of rows) {
			const rest = row.name.slice(prefix.length);
			const slash = rest.indexOf('/', search.length);
			if (slash < 0) {
				entries.push(listEntry(row, rest));
				continue;
			}
			const folder = rest.slice(0, slash);
			if (folders.has(folder.toLowerCase())) continue;
			folders.add(folder.toLowerCase());
			entries.push(folderEntry(folder));
		}
		if (descending) entries.reverse();
		return entries.slice(offset, offset + limit);
	}

	// ------------------------------------------------------------------ URL tokens

	private signUrlToken(claims: JsonObject): string {
		const head = base64urlJson({ alg: 'HS256', typ: 'JWT' });
		const body = base64urlJson(claims);
		const mac = createHmac('sha256', this.urlSigningSecret).update(`${head}.${body}`);
		return `${head}.${body}.${mac.digest('base64url')}`;
	}

	private verifyUrlToken(token: string): JsonObject | null {
		const [head, body, mac] = token.split('.');
		if (!head || !body || !mac) return null;
		const expected = createHmac('sha256', this.urlSigningSecret).update(`${head}.${body}`).digest();
		const given = Buffer.from(mac, 'base64url');
		if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
		return parseJsonObject(Buffer.from(body, 'base64url').toString('utf8'));
	}
}

// ------------------------------------------------------------------ rows in a database

const ROLLBACK = new Error('test permission: rolled back');

/** storage.objects and storage.buckets of a migrated database, under each caller's role. */
class DatabaseObjects implements ObjectTable {
	constructor(private readonly db: Kysely<DB>) {}

	async bucket(id: string): Promise<DoubleBucket | undefined> {
		const row = await this.as(SUPER_USER, (tx) =>
			tx
				.selectFrom('storage.buckets')
				.select(['id', 'file_size_limit', 'allowed_mime_types'])
				.where('id', '=', id)
				.executeTakeFirst()
		);
		return (
			row && {
				id: row.id,
				fileSizeLimit: row.file_size_limit === null ? null : Number(row.file_size_limit),
				allowedMimeTypes: row.allowed_mime_types
			}
		);
	}

	async testCreate(caller: StorageCaller, row: NewRow, upsert: boolean): Promise<void> {
		try {
			await this.as(caller, async (tx) => {
				// pg.ts createObject (no RETURNING) or upsertObject (ON CONFLICT … DO UPDATE, RETURNING *).
				if (upsert) await upsertRow(tx, row).returningAll().execute();
				else await tx.insertInto('storage.objects').values(rowValues(row)).execute();
				throw ROLLBACK;
			});
		} catch (error) {
			if (error === ROLLBACK) return;
			throw refusalFromDatabase(error);
		}
	}

	async write(row: NewRow): Promise<ObjectRow> {
		const written = await this.as(SUPER_USER, (tx) =>
			upsertRow(tx, row).returningAll().executeTakeFirstOrThrow()
		);
		return toObjectRow(written);
	}

	async find(caller: StorageCaller, bucket: string, name: string) {
		const row = await this.as(caller, (tx) =>
			tx
				.selectFrom('storage.objects')
				.selectAll()
				.where('bucket_id', '=', bucket)
				.where('name', '=', name)
				.executeTakeFirst()
		);
		return row && toObjectRow(row);
	}

	async search(caller: StorageCaller, bucket: string, prefix: string) {
		const rows = await this.as(caller, (tx) =>
			tx
				.selectFrom('storage.objects')
				.selectAll()
				.where('bucket_id', '=', bucket)
				.where(sql<boolean>`starts_with(lower(name), ${prefix.toLowerCase()})`)
				.orderBy(sql`lower(name) collate "C"`)
				.execute()
		);
		return rows.map(toObjectRow);
	}

	async remove(caller: StorageCaller, bucket: string, names: string[]) {
		if (names.length === 0) return [];
		const rows = await this.as(caller, (tx) =>
			tx
				.deleteFrom('storage.objects')
				.where('bucket_id', '=', bucket)
				.where('name', 'in', names)
				.returningAll()
				.execute()
		);
		return rows.map(toObjectRow);
	}

	/** One transaction as Storage scopes it (scope.ts): role, claims, and deletes allowed. */
	private as<T>(caller: StorageCaller, fn: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
		const sub = caller.role === 'authenticated' ? caller.sub : '';
		return this.db.transaction().execute(async (tx) => {
			await sql`select set_config('role', ${caller.role}, true),
				set_config('request.jwt.claim.role', ${caller.role}, true),
				set_config('request.jwt.claim.sub', ${sub}, true),
				set_config('request.jwt.claims', ${JSON.stringify(caller.claims)}, true),
				set_config('storage.allow_delete_query', 'true', true)`.execute(tx);
			return fn(tx);
		});
	}
}

function rowValues(row: NewRow) {
	return {
		bucket_id: row.bucket_id,
		name: row.name,
		owner: row.owner,
		owner_id: row.owner_id,
		metadata: JSON.stringify(row.metadata),
		user_metadata: row.user_metadata && JSON.stringify(row.user_metadata)
	};
}

function upsertRow(tx: Transaction<DB>, row: NewRow) {
	const values = rowValues(row);
	return tx
		.insertInto('storage.objects')
		.values(values)
		.onConflict((conflict) =>
			conflict.columns(['name', 'bucket_id']).doUpdateSet({
				metadata: values.metadata,
				user_metadata: values.user_metadata,
				owner: values.owner,
				owner_id: values.owner_id
			})
		);
}

/** src/storage/database/errors.ts: what a refused statement becomes. */
function refusalFromDatabase(error: unknown): unknown {
	const { code, message } = error as { code?: string; message?: string };
	if (code === '42501') {
		const text = message?.includes('row-level security')
			? 'new row violates row-level security policy'
			: (message ?? 'Access denied');
		return failure('403', 'AccessDenied', text, 'Unauthorized');
	}
	if (code === '23505') {
		return failure('409', 'KeyAlreadyExists', 'The resource already exists', 'Duplicate');
	}
	return error;
}

interface DatabaseRow {
	id: string;
	bucket_id: string | null;
	name: string | null;
	owner: string | null;
	owner_id: string | null;
	metadata: unknown;
	user_metadata: unknown;
	created_at: Date | string;
	updated_at: Date | string;
	last_accessed_at: Date | string | null;
}

function toObjectRow(row: DatabaseRow): ObjectRow {
	const time = (value: Date | string | null) =>
		value === null ? '' : new Date(value).toISOString();
	return {
		id: row.id,
		bucket_id: row.bucket_id ?? '',
		name: row.name ?? '',
		owner: row.owner,
		owner_id: row.owner_id,
		metadata: (row.metadata as JsonObject | null) ?? null,
		user_metadata: (row.user_metadata as JsonObject | null) ?? null,
		created_at: time(row.created_at),
		updated_at: time(row.updated_at),
		last_accessed_at: time(row.last_accessed_at)
	};
}

// ------------------------------------------------------------------ rows in memory

/** The memory stand-in for policies: folders granted per user, no update policy. */
class MemoryObjects implements ObjectTable {
	readonly grants = new Set<string>();
	private readonly rows = new Map<string, ObjectRow>();
	private readonly buckets: Map<string, DoubleBucket>;

	constructor(buckets: DoubleBucket[]) {
		this.buckets = new Map(buckets.map((bucket) => [bucket.id, bucket]));
	}

	async bucket(id: string) {
		return this.buckets.get(id);
	}

	async testCreate(caller: StorageCaller, row: NewRow, upsert: boolean) {
		if (!this.may(caller, row.bucket_id, row.name)) {
			throw failure(
				'403',
				'AccessDenied',
				'new row violates row-level security policy',
				'Unauthorized'
			);
		}
		if (!this.rows.has(rowKey(row.bucket_id, row.name))) return;
		// ON CONFLICT DO UPDATE needs an update policy, and there is none: only the service role
		// (which bypasses Row Level Security) may overwrite.
		if (upsert && caller.role !== 'service_role') {
			throw failure(
				'403',
				'AccessDenied',
				'new row violates row-level security policy',
				'Unauthorized'
			);
		}
		if (!upsert) {
			throw failure('409', 'KeyAlreadyExists', 'The resource already exists', 'Duplicate');
		}
	}

	async write(row: NewRow) {
		const key = rowKey(row.bucket_id, row.name);
		const existing = this.rows.get(key);
		const now = new Date().toISOString();
		const written: ObjectRow = {
			...row,
			id: existing?.id ?? randomUUID(),
			created_at: existing?.created_at ?? now,
			updated_at: now,
			last_accessed_at: now
		};
		this.rows.set(key, written);
		return written;
	}

	async find(caller: StorageCaller, bucket: string, name: string) {
		const row = this.rows.get(rowKey(bucket, name));
		return row && this.may(caller, bucket, name) ? row : undefined;
	}

	async search(caller: StorageCaller, bucket: string, prefix: string) {
		const lower = prefix.toLowerCase();
		return [...this.rows.values()]
			.filter((row) => row.bucket_id === bucket && row.name.toLowerCase().startsWith(lower))
			.filter((row) => this.may(caller, bucket, row.name))
			.sort((a, b) => compareC(a.name.toLowerCase(), b.name.toLowerCase()));
	}

	async remove(caller: StorageCaller, bucket: string, names: string[]) {
		const removed: ObjectRow[] = [];
		for (const name of names) {
			const row = await this.find(caller, bucket, name);
			if (!row) continue;
			this.rows.delete(rowKey(bucket, name));
			removed.push(row);
		}
		return removed;
	}

	private may(caller: StorageCaller, bucket: string, name: string): boolean {
		if (caller.role === 'service_role') return true;
		if (caller.role !== 'authenticated') return false;
		return this.grants.has(grantKey(caller.sub, bucket, name.split('/')[0] ?? ''));
	}
}

// ------------------------------------------------------------------ helpers

function failure(statusCode: string, code: string, message: string, error = code): HttpFailure {
	return new HttpFailure(statusCode === '500' ? 500 : 400, { statusCode, code, error, message });
}

function refuse(statusCode: string, code: string, message: string, error = code): never {
	throw failure(statusCode, code, message, error);
}

function assertBucketName(bucket: string): void {
	// storage.ts from(): mustBeValidBucketName.
	if (!bucket || bucket.length > 100 || !VALID_BUCKET_NAME.test(bucket)) {
		refuse('400', 'InvalidBucketName', 'Bucket name invalid', 'Invalid Input');
	}
}

/** uploader.ts validateMimeType: type and subtype compared as sent, `*` as the subtype. */
function mimeAllowed(mimetype: string, allowed: string[]): boolean {
	const [type, subtype] = mimetype.split('/');
	if (subtype === undefined) return false;
	return allowed.some((pattern) => {
		const [allowedType, allowedSubtype] = pattern.split('/');
		return allowedType === type && (allowedSubtype === '*' || allowedSubtype === subtype);
	});
}

/** uploader.ts parseUserMetadata: base64 JSON; anything else is silently no metadata. */
function parseUserMetadata(value: string | undefined): JsonObject | null {
	if (!value) return null;
	return parseJsonObject(Buffer.from(value, 'base64').toString('utf8'));
}

/** What the backend reports after storing the bytes (src/storage/backend/adapter.ts). */
function objectMetadata(bytes: Buffer, mimetype: string, cacheControl: string | undefined) {
	const now = new Date().toISOString();
	return {
		eTag: `"${createHash('md5').update(bytes).digest('hex')}"`,
		size: bytes.length,
		mimetype,
		cacheControl: cacheControl ?? 'no-cache',
		lastModified: now,
		contentLength: bytes.length,
		httpStatusCode: 200
	};
}

/** A row as the delete endpoints answer it (src/storage/schemas/object.ts). */
function objectJson(row: ObjectRow): JsonObject {
	return { ...row };
}

function listEntry(row: ObjectRow, name: string): JsonObject {
	return {
		name,
		id: row.id,
		updated_at: row.updated_at,
		created_at: row.created_at,
		last_accessed_at: row.last_accessed_at,
		metadata: row.metadata
	};
}

function folderEntry(name: string): JsonObject {
	return {
		name,
		id: null,
		updated_at: null,
		created_at: null,
		last_accessed_at: null,
		metadata: null
	};
}

function decodePath(raw: string): string {
	try {
		return decodeURIComponent(raw);
	} catch {
		refuse('400', 'InvalidRequest', 'Invalid URL encoding');
	}
}

function splitBucket(path: string): [string, string] {
	const slash = path.indexOf('/');
	return slash < 0 ? [path, ''] : [path.slice(0, slash), path.slice(slash + 1)];
}

function positiveInteger(value: Json | undefined, fallback: number): number {
	return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : fallback;
}

/** collate "C" (byte order); the same as code unit order for the ASCII names Storage accepts. */
function compareC(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function rowKey(bucket: string, name: string): string {
	return `${bucket}\u0000${name}`;
}

function grantKey(userId: string, bucket: string, folder: string): string {
	return `${userId}\u0000${bucket}\u0000${folder}`;
}
