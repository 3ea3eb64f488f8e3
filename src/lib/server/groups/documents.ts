/**
 * Private documents of a group: the file in the `group-files` bucket (through the storage
 * adapter, so the storage policies decide), and a row saying its title, who uploaded it and
 * whether it is sensitive (leads only).
 */
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import type { Tx } from '../db';
import type { Storage } from '../storage/types';

export const GROUP_BUCKET = 'group-files';
export { MAX_DOCUMENT_BYTES } from '$lib/groups';

export const documentSchema = z.object({
	title: z
		.string()
		.trim()
		.min(1, { error: () => m.groups_error_document_title() })
		.max(200, { error: () => m.groups_error_document_title() }),
	sensitive: z
		.literal('on')
		.optional()
		.transform((value) => value === 'on')
});

export async function listDocuments(tx: Tx, groupId: string) {
	return tx
		.selectFrom('group_documents as d')
		.leftJoin('profiles as p', 'p.id', 'd.uploaded_by')
		.where('d.group_id', '=', groupId)
		.select(['d.id', 'd.title', 'd.sensitive', 'd.uploaded_by', 'd.created_at', 'p.display_name'])
		.orderBy('d.created_at', 'desc')
		.execute();
}

/**
 * Stores the file, then its row; if the row is refused (e.g. a member marking a file
 * sensitive), the file is removed again so nothing is left half-written.
 */
export async function addDocument(
	storage: Storage,
	withClaims: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>,
	input: { groupId: string; userId: string; title: string; sensitive: boolean; file: File }
): Promise<void> {
	const stored = await storage.upload({
		bucket: GROUP_BUCKET,
		folder: input.groupId,
		bytes: new Uint8Array(await input.file.arrayBuffer()),
		originalName: input.file.name
	});
	try {
		await withClaims(async (tx) => {
			await tx
				.insertInto('group_documents')
				.values({
					group_id: input.groupId,
					object_name: stored.path,
					title: input.title,
					sensitive: input.sensitive
				})
				.execute();
		});
	} catch (error) {
		await storage.remove(GROUP_BUCKET, stored.path);
		throw error;
	}
}

/** The object of a document the caller may read, or null (unknown, other group, sensitive). */
export async function documentObject(
	tx: Tx,
	groupId: string,
	documentId: string
): Promise<string | null> {
	if (!z.uuid().safeParse(documentId).success) return null;
	const row = await tx
		.selectFrom('group_documents')
		.where('id', '=', documentId)
		.where('group_id', '=', groupId)
		.select('object_name')
		.executeTakeFirst();
	return row?.object_name ?? null;
}

/** Deletes the row (RLS: the uploader or a lead), then the file. */
export async function deleteDocument(
	storage: Storage,
	withClaims: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>,
	groupId: string,
	userId: string,
	documentId: string
): Promise<boolean> {
	const deleted = await withClaims(async (tx) => {
		if (!z.uuid().safeParse(documentId).success) return null;
		const row = await tx
			.deleteFrom('group_documents')
			.where('id', '=', documentId)
			.where('group_id', '=', groupId)
			.returning(['object_name', 'title'])
			.executeTakeFirst();
		return row ?? null;
	});
	if (!deleted) return false;
	await storage.remove(GROUP_BUCKET, deleted.object_name);
	return true;
}
