/**
 * A campaign's documents (the signed text as PDF, DOCX or an image) in the `resolution-files`
 * bucket, under the resolution's folder. The storage policies make them private while the
 * resolution is a draft and public once it is published; the adapter checks the type from the
 * bytes and names every object itself.
 */
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { RESOLUTION_FILES } from '../resolutions/detail';
import { StorageError, type Storage } from '../storage/types';

export const MAX_CAMPAIGN_FILE_BYTES = 10 * 1024 * 1024;

export const documentFileSchema = z
	.instanceof(File, { error: () => m.organize_error_file() })
	.refine((file) => file.size > 0, { error: () => m.organize_error_file() })
	.refine((file) => file.size <= MAX_CAMPAIGN_FILE_BYTES, {
		error: () => m.organize_error_file_large()
	});

export async function addCampaignDocument(storage: Storage, resolutionId: string, file: File) {
	return storage.upload({
		bucket: RESOLUTION_FILES,
		folder: resolutionId,
		bytes: new Uint8Array(await file.arrayBuffer()),
		originalName: file.name
	});
}

/** Removes one of the campaign's files by its generated name; false if there is no such file. */
export async function removeCampaignDocument(
	storage: Storage,
	resolutionId: string,
	fileName: string
): Promise<boolean> {
	if (!/^[A-Za-z0-9._-]{1,100}$/.test(fileName)) return false;
	try {
		await storage.remove(RESOLUTION_FILES, `${resolutionId}/${fileName}`);
		return true;
	} catch (caught) {
		if (caught instanceof StorageError) return false;
		throw caught;
	}
}
