import { fileTypeFromBuffer } from 'file-type';
import { m } from '../../paraglide/messages';
import { StorageError, type UploadInput } from './types';

/** What a bucket accepts: the columns of `storage.buckets` that the migrations set. */
export interface BucketRules {
	id: string;
	/** Bytes; null means no limit of its own. */
	fileSizeLimit: number | null;
	/** Exact types or `type/*` wildcards, as Supabase accepts them; null means any type. */
	allowedMimeTypes: string[] | null;
}

/** Looks up a bucket's rules (from the migrations' `storage.buckets` rows in every engine). */
export type UploadRules = (bucket: string) => Promise<BucketRules>;

export interface CheckedUpload {
	/** The type detected from the bytes, never the one the browser claimed. */
	contentType: string;
	/** The canonical extension of that type, without a dot. */
	extension: string;
}

const MAX_DISPLAY_NAME = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TEXT_PLAIN = 'text/plain';
const TEXT_EXTENSIONS = ['txt', 'text', 'md'];

// Names people really give these types; file-type reports only the first of each list.
const EXTENSION_ALIASES: Record<string, string[]> = {
	jpg: ['jpg', 'jpeg', 'jpe', 'jfif'],
	tif: ['tif', 'tiff'],
	htm: ['htm', 'html']
};

/**
 * Checks an upload before any engine sees it: the folder, the size, and the type as read from the
 * bytes (a PNG renamed .pdf, or HTML renamed .pdf, is refused). Engine-agnostic so the local and
 * Supabase adapters refuse exactly the same files.
 */
export async function checkUpload(rules: BucketRules, input: UploadInput): Promise<CheckedUpload> {
	if (input.bucket !== rules.id) {
		throw new StorageError('not_found', `Bucket ${input.bucket} not found`);
	}
	assertFolder(input.folder);
	const size = input.bytes.byteLength;
	if (size === 0) throw new StorageError('invalid_type', m.storage_file_empty());
	if (rules.fileSizeLimit !== null && size > rules.fileSizeLimit) {
		throw new StorageError(
			'too_large',
			m.storage_file_too_large({ megabytes: formatMegabytes(rules.fileSizeLimit) })
		);
	}
	const detected = await detectType(input.bytes, rules.allowedMimeTypes);
	if (!detected) {
		throw new StorageError('invalid_type', m.storage_type_not_accepted());
	}
	if (!isAllowedType(detected.contentType, rules.allowedMimeTypes)) {
		throw new StorageError(
			'invalid_type',
			m.storage_type_named_not_accepted({ type: detected.contentType })
		);
	}
	if (ZIP_BASED_TYPES.has(detected.contentType)) assertNotZipBomb(input.bytes);
	const claimed = extensionOf(safeDisplayName(input.originalName));
	if (!claimed || !acceptedExtensions(detected).includes(claimed)) {
		throw new StorageError(
			'invalid_type',
			m.storage_name_mismatch({ type: detected.contentType, extension: detected.extension })
		);
	}
	return detected;
}

// Office documents are ZIP archives. Nothing here unzips them, but whoever downloads one will:
// a few hundred kilobytes can expand to gigabytes (a zip bomb). Real documents stay far below
// these limits; the sizes are read from the archive's directory, never by inflating it.
const ZIP_BASED_TYPES = new Set([
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	'application/zip'
]);
const ZIP_MAX_ENTRIES = 1000;
const ZIP_MAX_EXPANDED_BYTES = 100 * 1024 * 1024;
// Text compresses ~10×, repetitive XML up to ~100×; a bomb's zeros reach ~1000×.
const ZIP_MAX_RATIO = 200;
const ZIP_RATIO_FLOOR_BYTES = 1024 * 1024;
const ZIP_END_SIGNATURE = 0x06054b50;
const ZIP_CENTRAL_SIGNATURE = 0x02014b50;
const ZIP64_SENTINEL = 0xffffffff;

/**
 * Refuses an archive whose directory declares too many entries, too many expanded bytes, a
 * bomb-like compression ratio, ZIP64 sizes, or cannot be read at all.
 */
export function assertNotZipBomb(bytes: Uint8Array): void {
	const refuse = () => {
		throw new StorageError('invalid_type', m.storage_zip_bomb());
	};
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const end = findZipEnd(view);
	if (end < 0) refuse();
	const entries = view.getUint16(end + 10, true);
	let offset = view.getUint32(end + 16, true);
	if (entries > ZIP_MAX_ENTRIES || offset === ZIP64_SENTINEL) refuse();
	let expanded = 0;
	for (let i = 0; i < entries; i++) {
		if (offset + 46 > view.byteLength || view.getUint32(offset, true) !== ZIP_CENTRAL_SIGNATURE) {
			refuse();
		}
		const compressed = view.getUint32(offset + 20, true);
		const size = view.getUint32(offset + 24, true);
		if (compressed === ZIP64_SENTINEL || size === ZIP64_SENTINEL) refuse();
		if (size > ZIP_RATIO_FLOOR_BYTES && size > Math.max(compressed, 1) * ZIP_MAX_RATIO) refuse();
		expanded += size;
		if (expanded > ZIP_MAX_EXPANDED_BYTES) refuse();
		const nameLength = view.getUint16(offset + 28, true);
		const extraLength = view.getUint16(offset + 30, true);
		const commentLength = view.getUint16(offset + 32, true);
		offset += 46 + nameLength + extraLength + commentLength;
	}
}

/** The End Of Central Directory record: within the last 64 KiB + 22 bytes (comment + record). */
function findZipEnd(view: DataView): number {
	const earliest = Math.max(0, view.byteLength - 22 - 0xffff);
	for (let at = view.byteLength - 22; at >= earliest; at--) {
		if (view.getUint32(at, true) === ZIP_END_SIGNATURE) return at;
	}
	return -1;
}

/** The first path segment must be a UUID: it names the row the file belongs to, nothing else. */
export function assertFolder(folder: string): void {
	if (!UUID.test(folder)) throw new StorageError('invalid_name', 'Invalid folder.');
}

/** Object paths are always `<uuid folder>/<uuid>`, as the adapters generate them. */
export function assertObjectPath(path: string): void {
	const parts = path.split('/');
	if (parts.length !== 2 || !parts.every((part) => UUID.test(part))) {
		throw new StorageError('invalid_name', m.storage_invalid_path());
	}
}

/**
 * The uploaded name, made safe to show and to put in Content-Disposition: no directories, no
 * control or bidirectional-override characters (which can disguise `gpj.exe` as `exe.jpg`), at most
 * 200 characters with the extension kept. `fallback` when nothing is left.
 */
export function safeDisplayName(name: string, fallback = 'file'): string {
	const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
	const cleaned = base
		.replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '')
		.trim()
		.replace(/^\.+/, '');
	return truncateKeepingExtension(cleaned || fallback, MAX_DISPLAY_NAME);
}

async function detectType(
	bytes: Uint8Array,
	allowed: string[] | null
): Promise<CheckedUpload | undefined> {
	const found = await fileTypeFromBuffer(bytes);
	if (found) return { contentType: found.mime, extension: found.ext };
	// Text has no magic number; accept it only where text is welcome and it really is text.
	if (isAllowedType(TEXT_PLAIN, allowed) && isUtf8Text(bytes)) {
		return { contentType: TEXT_PLAIN, extension: 'txt' };
	}
	return undefined;
}

function isAllowedType(contentType: string, allowed: string[] | null): boolean {
	if (allowed === null) return true;
	const type = contentType.toLowerCase();
	return allowed.some((pattern) => {
		const p = pattern.toLowerCase();
		return p.endsWith('/*') ? type.startsWith(p.slice(0, -1)) : type === p;
	});
}

function acceptedExtensions(detected: CheckedUpload): string[] {
	if (detected.contentType === TEXT_PLAIN) return TEXT_EXTENSIONS;
	return EXTENSION_ALIASES[detected.extension] ?? [detected.extension];
}

function isUtf8Text(bytes: Uint8Array): boolean {
	if (bytes.includes(0)) return false;
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return true;
	} catch {
		return false;
	}
}

function extensionOf(name: string): string | undefined {
	const dot = name.lastIndexOf('.');
	return dot > 0 ? name.slice(dot + 1).toLowerCase() : undefined;
}

function truncateKeepingExtension(name: string, max: number): string {
	// Count code points, not UTF-16 units, so a cut never splits an emoji.
	const chars = Array.from(name);
	if (chars.length <= max) return name;
	const dot = name.lastIndexOf('.');
	const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
	if (extension.length > 20) return chars.slice(0, max).join('');
	return chars.slice(0, max - extension.length).join('') + extension.join('');
}

function formatMegabytes(bytes: number): string {
	const mb = bytes / (1024 * 1024);
	return Number.isInteger(mb) ? String(mb) : mb.toFixed(1);
}
