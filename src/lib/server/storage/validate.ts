import { fileTypeFromBuffer } from 'file-type';
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
	if (size === 0) throw new StorageError('invalid_type', 'The file is empty.');
	if (rules.fileSizeLimit !== null && size > rules.fileSizeLimit) {
		throw new StorageError(
			'too_large',
			`The file is larger than the limit of ${formatMegabytes(rules.fileSizeLimit)} MB.`
		);
	}
	const detected = await detectType(input.bytes, rules.allowedMimeTypes);
	if (!detected) {
		throw new StorageError('invalid_type', 'This kind of file is not accepted.');
	}
	if (!isAllowedType(detected.contentType, rules.allowedMimeTypes)) {
		throw new StorageError(
			'invalid_type',
			`Files of type ${detected.contentType} are not accepted.`
		);
	}
	const claimed = extensionOf(safeDisplayName(input.originalName));
	if (!claimed || !acceptedExtensions(detected).includes(claimed)) {
		throw new StorageError(
			'invalid_type',
			`The file's contents are ${detected.contentType}, which does not match its name; ` +
				`name it .${detected.extension}.`
		);
	}
	return detected;
}

/** The first path segment must be a UUID: it names the row the file belongs to, nothing else. */
export function assertFolder(folder: string): void {
	if (!UUID.test(folder)) throw new StorageError('invalid_name', 'Invalid folder.');
}

/** Object paths are always `<uuid folder>/<uuid>`, as the adapters generate them. */
export function assertObjectPath(path: string): void {
	const parts = path.split('/');
	if (parts.length !== 2 || !parts.every((part) => UUID.test(part))) {
		throw new StorageError('invalid_name', 'Invalid file path.');
	}
}

/**
 * The uploaded name, made safe to show and to put in Content-Disposition: no directories, no
 * control or bidirectional-override characters (which can disguise `gpj.exe` as `exe.jpg`), at most
 * 200 characters with the extension kept.
 */
export function safeDisplayName(name: string): string {
	const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
	const cleaned = base
		.replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '')
		.trim()
		.replace(/^\.+/, '');
	return truncateKeepingExtension(cleaned || 'file', MAX_DISPLAY_NAME);
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
