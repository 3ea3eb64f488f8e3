import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClaims, type Claims } from '../../src/lib/server/db';
import { createGroup } from '../../src/lib/server/groups/groups';
import { createLocalStorage } from '../../src/lib/server/storage/local';
import { actions as groupActions } from '../../src/routes/groups/[id]/+page.server';
import { actions as campaignActions } from '../../src/routes/organize/[id]/+page.server';
import { createCampaign } from '../helpers/campaigns';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';
import { groupInput } from '../groups/route-harness';
import { CORPUS, ORDINARY_DOCX, type HostileFile } from './corpus';

// The hostile-file corpus through both upload paths — a sponsor group's documents and a
// campaign's files — as SvelteKit calls the `upload` actions, with the real local storage adapter
// writing to a temporary directory. Every file is refused (nothing stored, no row) or stored
// neutralised: under a name the server generated, as the type its bytes show, its shown name
// cleaned. The download headers (attachment, nosniff) are checked over HTTP in
// tests/e2e/uploads.test.ts.

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const OBJECT_PATH = new RegExp(`^${UUID}/${UUID}$`);
// What a stored file may be typed as: never HTML, SVG, script or executable.
const INERT_TYPES = [
	'application/pdf',
	'image/png',
	'image/jpeg',
	'image/webp',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	'text/plain'
];

type Path = 'group' | 'campaign';
type Handler = (event: never) => unknown;

interface StoredRow {
	name: string | null;
	metadata: unknown;
	user_metadata: unknown;
}

// Generating the bombs costs ~0.4 s each: once per file, shared by both engines and paths.
const bytesCache = new Map<HostileFile, Uint8Array<ArrayBuffer>>();
const bytesOf = (file: HostileFile) => {
	if (!bytesCache.has(file)) bytesCache.set(file, file.bytes());
	return bytesCache.get(file) as Uint8Array<ArrayBuffer>;
};

it('the corpus holds at least 20 hostile files, each with an expected outcome per bucket', () => {
	expect(CORPUS.length).toBeGreaterThanOrEqual(20);
	expect(new Set(CORPUS.map((file) => file.label)).size).toBe(CORPUS.length);
});

describe.each(ENGINES)('hostile uploads through the routes (%s)', (engine) => {
	const database = useTestDatabase(engine);
	const root = mkdtempSync(join(tmpdir(), 'wa-uploads-'));
	afterAll(() => rmSync(root, { recursive: true, force: true }));
	let lead: Persona;
	let groupId = '';
	let campaignId = '';

	beforeAll(async () => {
		lead = await createPersona(database(), 'uploader');
		groupId = await database().as(lead.claims, (tx) =>
			createGroup(tx, lead.id, groupInput('Upload test group'))
		);
		campaignId = (await createCampaign(database(), lead)).id;
	});

	const target = (path: Path) =>
		path === 'group'
			? { bucket: 'group-files', folder: groupId, handler: groupActions.upload as Handler }
			: {
					bucket: 'resolution-files',
					folder: campaignId,
					handler: campaignActions.upload as Handler
				};

	function uploadEvent(path: Path, file: HostileFile) {
		const db = database().db;
		const claims: Claims = lead.claims;
		const form = new FormData();
		if (path === 'group') form.set('title', file.label.slice(0, 200));
		form.set('file', new File([bytesOf(file)], file.name, { type: file.claimedType }));
		const url = new URL(`https://atlas.test/${path === 'group' ? 'groups' : 'organize'}/x`);
		return {
			params: { id: target(path).folder },
			url,
			request: new Request(url, { method: 'POST', body: form }),
			locals: {
				user: { id: lead.id, email: lead.email },
				claims,
				withClaims: <T>(fn: Parameters<typeof withClaims<T>>[2]) => withClaims(db, claims, fn),
				storage: createLocalStorage({ db, root }, claims)
			}
		} as never;
	}

	const objects = async (bucket: string): Promise<StoredRow[]> =>
		database()
			.db.selectFrom('storage.objects')
			.select(['name', 'metadata', 'user_metadata'])
			.where('bucket_id', '=', bucket)
			.orderBy('name')
			.execute();

	const documentRows = async () =>
		(await database().db.selectFrom('group_documents').select('object_name').execute()).length;

	const filesOnDisk = (): string[] =>
		existsSync(root)
			? readdirSync(root, { recursive: true, withFileTypes: true })
					.filter((entry) => entry.isFile())
					.map((entry) => relative(root, join(entry.parentPath, entry.name)))
			: [];

	/** Refused: a readable 400 on the form, nothing new in storage, on disk or in the documents. */
	async function expectRefused(path: Path, file: HostileFile, result: unknown, before: Snapshot) {
		expect(result, file.label).toMatchObject({ status: 400 });
		const message = (result as { data: { errors?: { file?: string[] } } }).data.errors?.file?.[0];
		expect(message, `${file.label}: a message for the file field`).toMatch(/\w/);
		expect(await objects(target(path).bucket)).toEqual(before.objects);
		expect(filesOnDisk()).toEqual(before.disk);
		expect(await documentRows()).toBe(before.documents);
	}

	/** Neutralised: one new object under a generated name, typed by its bytes, name cleaned. */
	async function expectNeutralised(
		path: Path,
		file: HostileFile,
		result: unknown,
		before: Snapshot
	) {
		expect(result, file.label).toMatchObject({ action: 'upload' });
		const { bucket, folder } = target(path);
		const after = await objects(bucket);
		const added = after.filter((row) => !before.objects.some((old) => old.name === row.name));
		expect(added, file.label).toHaveLength(1);
		const [row] = added as [StoredRow];
		expect(row.name).toMatch(OBJECT_PATH);
		expect(row.name?.startsWith(`${folder}/`)).toBe(true);
		const meta = row.metadata as { mimetype: string; size: number };
		// The uploaded name is where Supabase Storage keeps a client's metadata: user_metadata.
		const { originalName } = row.user_metadata as { originalName: string };
		expect(INERT_TYPES, file.label).toContain(meta.mimetype);
		expect(originalName).not.toMatch(/[/\\\p{Cc}\u202a-\u202e\u2066-\u2069]/u);
		expect(Array.from(originalName).length).toBeLessThanOrEqual(200);
		if (file.storedName) expect(file.storedName(originalName), originalName).toBe(true);
		// The bytes on disk are the upload's, under the generated name and nowhere else.
		const onDisk = join(root, bucket, ...(row.name as string).split('/'));
		expect(readFileSync(onDisk).equals(Buffer.from(bytesOf(file)))).toBe(true);
		expect(filesOnDisk().filter((name) => !before.disk.includes(name))).toEqual([
			[bucket, ...(row.name as string).split('/')].join(sep)
		]);
		if (path === 'group') expect(await documentRows()).toBe(before.documents + 1);
	}

	interface Snapshot {
		objects: StoredRow[];
		disk: string[];
		documents: number;
	}

	const snapshot = async (path: Path): Promise<Snapshot> => ({
		objects: await objects(target(path).bucket),
		disk: filesOnDisk(),
		documents: await documentRows()
	});

	for (const path of ['group', 'campaign'] as const) {
		for (const file of [...CORPUS, ORDINARY_DOCX]) {
			it(`${path}: ${file.label} is ${file[path]}`, async () => {
				const before = await snapshot(path);
				// A throw here would be a 500: every hostile file must get an answer.
				const result = await target(path).handler(uploadEvent(path, file));
				if (file[path] === 'refused') await expectRefused(path, file, result, before);
				else await expectNeutralised(path, file, result, before);
			});
		}
	}

	it('nothing on disk is named by a user: only <bucket>/<uuid>/<uuid>, no leftovers', () => {
		const files = filesOnDisk();
		expect(files.length).toBeGreaterThan(0);
		const allowed = new RegExp(`^(group-files|resolution-files)/${UUID}/${UUID}$`);
		for (const name of files) expect(name.split(sep).join('/')).toMatch(allowed);
	});
});
