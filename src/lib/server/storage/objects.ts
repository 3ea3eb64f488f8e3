/**
 * The rows of `storage.objects`, read under the caller's claims: how both adapters list a folder
 * and find one object, names included. Row Level Security on storage.objects decides what the
 * caller sees, exactly as it does for Supabase Storage's own list and sign endpoints (its
 * `storage.search()` is SECURITY INVOKER).
 *
 * Why here and not through Storage's list endpoint: that endpoint answers name, id, timestamps
 * and `metadata` only — never `user_metadata`, where the uploaded file's name is kept (supabase/
 * storage, migrations/tenant/0063-fix-search-name-relative-to-prefix.sql and
 * src/storage/database/pg.ts `searchObjects`, commit 4fa61fba9371c4bd40cbb81509f07bcb3af21683).
 * The app's server talks to Postgres in every mode, so it reads the columns itself.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db';
import type { StoredObject } from './types';
import { assertObjectPath, safeDisplayName } from './validate';

interface ObjectRow {
	name: string | null;
	metadata: unknown;
	user_metadata: unknown;
	created_at: Date;
}

// A stand-in name for a file stored without one (e.g. put there from Supabase's dashboard), so
// that it still downloads with an extension the visitor's system can open.
const EXTENSION_OF_TYPE: Record<string, string> = {
	'application/pdf': 'pdf',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/webp': 'webp',
	'text/plain': 'txt'
};

/** The objects directly under `<folder>/` that the caller may read, oldest first. */
export async function listObjects(
	tx: Kysely<DB>,
	bucket: string,
	folder: string
): Promise<StoredObject[]> {
	const rows = await tx
		.selectFrom('storage.objects')
		.select(['name', 'metadata', 'user_metadata', 'created_at'])
		.where('bucket_id', '=', bucket)
		.where('name', 'like', `${escapeLike(folder)}/%`)
		.orderBy('created_at')
		.orderBy('name')
		.execute();
	// Only `<folder>/<uuid>`, as the adapters name files: nothing in a subfolder, nothing named by
	// someone else (a dashboard's `.emptyFolderPlaceholder`, a file put there by hand).
	return rows.filter((row) => isObjectPath(row.name)).map((row) => toStoredObject(bucket, row));
}

/** One object, if the caller may read it. */
export async function findObject(
	tx: Kysely<DB>,
	bucket: string,
	path: string
): Promise<StoredObject | undefined> {
	const row = await tx
		.selectFrom('storage.objects')
		.select(['name', 'metadata', 'user_metadata', 'created_at'])
		.where('bucket_id', '=', bucket)
		.where('name', '=', path)
		.executeTakeFirst();
	return row && toStoredObject(bucket, row);
}

/**
 * What the adapters keep where (both modes): the uploaded name in `user_metadata.originalName`
 * (Supabase Storage stores the upload's `x-metadata` there); size and type in `metadata`, which
 * Storage writes itself. Local rows written before the `user_metadata` column existed kept the
 * name in `metadata`. Whoever wrote the row, the name is cleaned again before anyone sees it.
 */
function toStoredObject(bucket: string, row: ObjectRow): StoredObject {
	const meta = asRecord(row.metadata);
	const contentType = stringOr(meta.mimetype, 'application/octet-stream');
	const named = stringOr(asRecord(row.user_metadata).originalName, stringOr(meta.originalName, ''));
	return {
		bucket,
		path: row.name ?? '',
		size: typeof meta.size === 'number' ? meta.size : 0,
		contentType,
		originalName: safeDisplayName(named, unnamed(contentType)),
		createdAt: row.created_at.toISOString()
	};
}

function unnamed(contentType: string): string {
	const extension = EXTENSION_OF_TYPE[contentType];
	return extension ? `file.${extension}` : 'file';
}

function isObjectPath(name: string | null): boolean {
	try {
		assertObjectPath(name ?? '');
		return true;
	} catch {
		return false;
	}
}

function asRecord(value: unknown): Record<string, unknown> {
	return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function stringOr(value: unknown, fallback: string): string {
	return typeof value === 'string' && value ? value : fallback;
}

export function escapeLike(value: string): string {
	return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
