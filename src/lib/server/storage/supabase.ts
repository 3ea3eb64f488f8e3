import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { m } from '../../paraglide/messages';
import {
	MAX_SIGNED_URL_SECONDS,
	StorageError,
	type Storage,
	type StoredObject,
	type UploadInput
} from './types';
import type { Tx } from '../db';
import { findObject, listObjects } from './objects';
import {
	assertFolder,
	assertObjectPath,
	checkUpload,
	safeDisplayName,
	type UploadRules
} from './validate';

/** Storage deletes at most 1000 objects per call; listing pages of the same size is as cheap. */
const FOLDER_BATCH = 1000;

export interface SupabaseStorageDeps {
	/**
	 * The caller's own client (its JWT goes with every call) so the bucket policies in the
	 * migrations decide; never a service key.
	 */
	client: SupabaseClient;
	rules: UploadRules;
	/** Runs `fn` in one transaction under the caller's claims (the app's own Postgres). */
	asCaller: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
}

/**
 * Supabase Storage behind our `Storage` interface. Bytes go to and from Storage; what the caller
 * may see of a folder — names included — is read from `storage.objects` under the caller's
 * claims (see ./objects.ts: Storage's list endpoint never returns the uploaded name).
 */
export function createSupabaseStorage({ client, rules, asCaller }: SupabaseStorageDeps): Storage {
	const bucketApi = (bucket: string) => client.storage.from(bucket);
	return {
		async upload(input: UploadInput): Promise<StoredObject> {
			// Refuse bad files here, before any byte leaves the server.
			const { contentType } = await checkUpload(await rules(input.bucket), input);
			const originalName = safeDisplayName(input.originalName);
			const path = `${input.folder}/${randomUUID()}`;
			const { error } = await bucketApi(input.bucket).upload(path, input.bytes, {
				contentType,
				upsert: false,
				// Sent as x-metadata; Storage keeps it as the object's user_metadata.
				metadata: { originalName }
			});
			if (error) throw toStorageError(error);
			return {
				bucket: input.bucket,
				path,
				size: input.bytes.byteLength,
				contentType,
				originalName,
				createdAt: new Date().toISOString()
			};
		},

		async signedUrl(bucket, path, expiresIn = MAX_SIGNED_URL_SECONDS) {
			assertObjectPath(path);
			// The row gives the name to save the file under (and Storage checks the policies again).
			const object = await asCaller((tx) => findObject(tx, bucket, path));
			if (!object) throw new StorageError('not_found', m.storage_not_found_read());
			const { data, error } = await bucketApi(bucket).createSignedUrl(path, clampExpiry(expiresIn));
			if (error) throw toStorageError(error);
			return withDownloadName(data.signedUrl, object.originalName);
		},

		async remove(bucket, path) {
			assertObjectPath(path);
			const { data, error } = await bucketApi(bucket).remove([path]);
			if (error) throw toStorageError(error);
			// Storage answers 200 with an empty list when the policies hide the object or it is gone.
			if (data.length === 0) throw new StorageError('not_found', m.storage_not_found());
		},

		async list(bucket, folder) {
			assertFolder(folder);
			return asCaller((tx) => listObjects(tx, bucket, folder));
		}
	};
}

/**
 * Served as an attachment under the uploaded name (cleaned as in local mode), so a file never
 * renders on Supabase's origin and saves as `Resolución.pdf`, not as a bare uuid. Storage sets
 * `Content-Disposition: attachment; filename=…; filename*=UTF-8''…` from the `download` query
 * parameter (supabase/storage src/storage/renderer/renderer.ts `handleDownload`, commit
 * 4fa61fba9371c4bd40cbb81509f07bcb3af21683). The parameter is added here rather than through
 * createSignedUrl's `download` option: supabase-js 2.109 runs encodeURI over the already encoded
 * query, so `é`, `&` or `+` in a name would arrive double-encoded (supabase/supabase-js#2468).
 */
function withDownloadName(signedUrl: string, name: string): string {
	const separator = signedUrl.includes('?') ? '&' : '?';
	return `${signedUrl}${separator}download=${encodeURIComponent(name)}`;
}

/**
 * Deletes every object under `<folder>/` of a bucket (see `RemoveFolder`). `client` must hold the
 * secret key: under anyone else the policies hide objects, and Storage deletes none of them
 * without an error, so a short answer is reported as a failure.
 */
export async function removeSupabaseFolder(
	client: SupabaseClient,
	bucket: string,
	folder: string,
	batchSize = FOLDER_BATCH
): Promise<void> {
	assertFolder(folder);
	const bucketApi = client.storage.from(bucket);
	const where = `${bucket}/${folder}/`;
	const names = await listFolderObjects(bucketApi, folder, batchSize).catch((error: Error) => {
		throw storageFailure('list', where, error);
	});
	for (let start = 0; start < names.length; start += batchSize) {
		const batch = names.slice(start, start + batchSize);
		const { data, error } = await bucketApi.remove(batch);
		if (error) throw storageFailure('delete', where, error);
		if (data.length < batch.length) {
			throw new Error(
				`Supabase Storage deleted ${data.length} of ${batch.length} objects under ${where}: ` +
					'is SUPABASE_SECRET_KEY the secret (service role) key?'
			);
		}
	}
}

type BucketApi = ReturnType<SupabaseClient['storage']['from']>;

/** Every object name under `prefix/`, descending into folders, which Storage lists as entries. */
async function listFolderObjects(
	bucketApi: BucketApi,
	prefix: string,
	pageSize: number
): Promise<string[]> {
	const names: string[] = [];
	for (let offset = 0; ; offset += pageSize) {
		const { data, error } = await bucketApi.list(prefix, {
			limit: pageSize,
			offset,
			sortBy: { column: 'name', order: 'asc' }
		});
		if (error) throw error;
		for (const entry of data) {
			const path = `${prefix}/${entry.name}`;
			if (entry.id === null) names.push(...(await listFolderObjects(bucketApi, path, pageSize)));
			else names.push(path);
		}
		if (data.length < pageSize) return names;
	}
}

function storageFailure(action: string, where: string, error: Error): Error {
	const status = Reflect.get(error, 'status') ?? Reflect.get(error, 'statusCode');
	const detail = status ? `${String(status)} ${error.message}` : error.message;
	return new Error(`Supabase Storage could not ${action} ${where}: ${detail}`, { cause: error });
}

function clampExpiry(seconds: number): number {
	if (!Number.isFinite(seconds)) return MAX_SIGNED_URL_SECONDS;
	return Math.min(MAX_SIGNED_URL_SECONDS, Math.max(1, Math.floor(seconds)));
}

/**
 * Storage renders refusals as HTTP 400 with the real status in the body's `statusCode` (supabase-js
 * exposes it as `error.statusCode`), e.g. 403 for a row-level-security refusal.
 */
function toStorageError(error: Error): Error {
	const status = String(Reflect.get(error, 'statusCode') ?? Reflect.get(error, 'status') ?? '');
	const text = `${status} ${error.message}`;
	if (/\b(401|403)\b|row-level security|unauthori[sz]ed|access ?denied|jwt|signature/i.test(text)) {
		return new StorageError('forbidden', m.storage_forbidden());
	}
	if (/\b404\b|not found|NoSuchKey|NoSuchBucket/i.test(text)) {
		return new StorageError('not_found', m.storage_not_found());
	}
	if (/\b413\b|exceeded the maximum|too large|EntityTooLarge/i.test(text)) {
		return new StorageError('too_large', m.storage_too_large());
	}
	if (/\b415\b|mime type|InvalidMimeType/i.test(text)) {
		return new StorageError('invalid_type', m.storage_type_not_accepted());
	}
	// Neither happens with the names the adapter makes (`<uuid>/<uuid>`, never reused), but a
	// refusal must still reach the visitor as one, not as a server error.
	if (/\b409\b|already exists|KeyAlreadyExists|Duplicate/i.test(text)) {
		return new StorageError('invalid_name', m.storage_file_exists());
	}
	if (/Invalid key|InvalidKey/i.test(text)) {
		return new StorageError('invalid_name', m.storage_invalid_path());
	}
	return error;
}
