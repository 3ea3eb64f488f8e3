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
import {
	assertFolder,
	assertObjectPath,
	checkUpload,
	safeDisplayName,
	type UploadRules
} from './validate';

const PAGE_SIZE = 100;
/** Storage deletes at most 1000 objects per call; listing pages of the same size is as cheap. */
const FOLDER_BATCH = 1000;

/**
 * Supabase Storage behind our `Storage` interface. `client` must be the caller's own client (its
 * JWT goes with every call) so the bucket policies in the migrations decide; never a service key.
 */
export function createSupabaseStorage(client: SupabaseClient, rules: UploadRules): Storage {
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
				// Sent as x-metadata and kept as the object's user_metadata; list() returns it.
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
			const { data, error } = await bucketApi(bucket).createSignedUrl(
				path,
				clampExpiry(expiresIn),
				// Served as an attachment, so an uploaded file never renders on Supabase's origin.
				{ download: true }
			);
			if (error) throw toStorageError(error);
			return data.signedUrl;
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
			const objects: StoredObject[] = [];
			for (let offset = 0; ; offset += PAGE_SIZE) {
				const { data, error } = await bucketApi(bucket).list(folder, {
					limit: PAGE_SIZE,
					offset,
					sortBy: { column: 'name', order: 'asc' }
				});
				if (error) throw toStorageError(error);
				objects.push(...data.flatMap((entry) => storedObject(bucket, folder, entry)));
				if (data.length < PAGE_SIZE) return objects;
			}
		}
	};
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

interface ListedEntry {
	name: string;
	id: string | null;
	created_at: string | null;
	metadata: Record<string, unknown> | null;
}

function storedObject(bucket: string, folder: string, entry: ListedEntry): StoredObject[] {
	// Folders (id null) and the dashboard's `.emptyFolderPlaceholder` are not files of ours.
	if (entry.id === null || !entry.metadata) return [];
	const name = entry.name.startsWith(`${folder}/`)
		? entry.name.slice(folder.length + 1)
		: entry.name;
	const path = `${folder}/${name}`;
	try {
		assertObjectPath(path);
	} catch {
		return [];
	}
	const userMetadata = readUserMetadata(entry);
	return [
		{
			bucket,
			path,
			size: numberOr(entry.metadata.size, 0),
			contentType: stringOr(entry.metadata.mimetype, 'application/octet-stream'),
			originalName: safeDisplayName(stringOr(userMetadata.originalName, name)),
			createdAt: entry.created_at ?? ''
		}
	];
}

// supabase-js 2.109 does not type `user_metadata` on list entries, though Storage returns it.
function readUserMetadata(entry: object): Record<string, unknown> {
	const value: unknown = Reflect.get(entry, 'user_metadata');
	return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function numberOr(value: unknown, fallback: number): number {
	return typeof value === 'number' ? value : fallback;
}

function stringOr(value: unknown, fallback: string): string {
	return typeof value === 'string' && value ? value : fallback;
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
	return error;
}
