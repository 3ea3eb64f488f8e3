import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig, type Config } from '../../src/lib/server/config';
import { purgeClosedGroups } from '../../src/lib/server/db/retention';
import { createGroup, setGroupClosed } from '../../src/lib/server/groups/groups';
import { createFolderRemover } from '../../src/lib/server/storage';
import { objectFile } from '../../src/lib/server/storage/local';
import { removeSupabaseFolder } from '../../src/lib/server/storage/supabase';
import type { RemoveFolder } from '../../src/lib/server/storage/types';
import { createSecretKeyClient } from '../../src/lib/server/supabase/client';
import { startSupabaseDouble, type SupabaseDouble } from '../doubles/supabase-double';
import { ENGINES, useTestDatabase, type TestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';

const scratch = mkdtempSync(join(tmpdir(), 'wa-retention-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const BUCKET = 'group-files';
const DAY = 86_400_000;

// The Supabase double (NOT Supabase) with the `group-files` bucket of the migrations, and a
// client holding its secret key to put files in and look at them.
let double: SupabaseDouble;
let storageAdmin: SupabaseClient;
beforeAll(async () => {
	double = await startSupabaseDouble({
		buckets: [{ id: BUCKET, fileSizeLimit: 10_485_760, allowedMimeTypes: ['text/plain'] }]
	});
	storageAdmin = createSecretKeyClient(double.url, double.secretKey);
});
afterAll(() => double.close());
afterEach(() => {
	vi.restoreAllMocks();
});

async function putHostedFile(name: string): Promise<void> {
	const { error } = await storageAdmin.storage
		.from(BUCKET)
		.upload(name, Buffer.from('lease'), { contentType: 'text/plain' });
	if (error) throw error;
}

/** Names directly under `folder/` in the double, subfolders included. */
async function hostedEntries(folder: string): Promise<string[]> {
	const { data, error } = await storageAdmin.storage.from(BUCKET).list(folder);
	if (error) throw error;
	return data.map((entry) => entry.name);
}

function supabaseConfig(dataDir: string, secretKey?: string): Config {
	return loadConfig({
		DATA_DIR: dataDir,
		PUBLIC_SUPABASE_URL: double.url,
		PUBLIC_SUPABASE_PUBLISHABLE_KEY: double.publishableKey,
		DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
		SUPABASE_SECRET_KEY: secretKey
	});
}

/** The folder remover the server would build for this configuration. */
function removerFor(d: TestDatabase, config: Config): RemoveFolder | null {
	const database = { db: d.db, engine: d.engine, close: async () => {} };
	return createFolderRemover({ config, database });
}

describe.each(ENGINES)('deleting a closed group’s family data (%s)', (engine) => {
	const database = useTestDatabase(engine);
	const dataDir = join(scratch, engine);
	const storageRoot = join(dataDir, 'storage');
	const config = loadConfig({ DATA_DIR: dataDir });
	const local = () => removerFor(database(), config);
	let lead: Persona;
	let groupId: string;
	let objectName: string;

	beforeAll(async () => {
		const d = database();
		lead = await createPersona(d, 'lead');
		groupId = await d.as(lead.claims, (tx) =>
			createGroup(tx, lead.id, {
				name: 'Retention test',
				city: 'Boise',
				state_code: 'ID',
				program_id: 'welcome_corps',
				arrival_on: '2026-01-10'
			})
		);
		objectName = `${groupId}/${crypto.randomUUID()}`;
		await d.as(lead.claims, async (tx) => {
			await tx
				.updateTable('group_families')
				.set({ household_size: 3, needs: 'crib' })
				.where('group_id', '=', groupId)
				.execute();
			await tx
				.insertInto('group_family_sensitive')
				.values({ group_id: groupId, needs: 'medical' })
				.execute();
			await tx
				.insertInto('storage.objects')
				.values({ bucket_id: 'group-files', name: objectName, owner_id: lead.id })
				.execute();
			await tx
				.insertInto('group_documents')
				.values({
					group_id: groupId,
					object_name: objectName,
					title: 'Lease',
					uploaded_by: lead.id
				})
				.execute();
		});
		const file = objectFile(storageRoot, 'group-files', objectName);
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, 'lease');
	});

	it('keeps an open group, and a closed one until its retention period is over', async () => {
		const d = database();
		expect(await purgeClosedGroups(d.db, config, local())).toEqual([]);
		expect(await d.as(lead.claims, (tx) => setGroupClosed(tx, groupId, lead.id, true))).toBe(true);
		expect(await purgeClosedGroups(d.db, config, local())).toEqual([]);
		const in179Days = new Date(Date.now() + 179 * 86_400_000);
		expect(await purgeClosedGroups(d.db, config, local(), in179Days)).toEqual([]);
		expect(existsSync(objectFile(storageRoot, 'group-files', objectName))).toBe(true);
	});

	it('then deletes the family data, the documents and their files, and tells the leads', async () => {
		const d = database();
		const in181Days = new Date(Date.now() + 181 * 86_400_000);
		expect(await purgeClosedGroups(d.db, config, local(), in181Days)).toEqual([groupId]);
		for (const table of ['group_families', 'group_family_sensitive', 'group_documents'] as const) {
			const rows = await d.db
				.selectFrom(table)
				.select('group_id')
				.where('group_id', '=', groupId)
				.execute();
			expect(rows, table).toEqual([]);
		}
		const objects = await d.db
			.selectFrom('storage.objects')
			.select('id')
			.where('name', '=', objectName)
			.execute();
		expect(objects).toEqual([]);
		expect(existsSync(objectFile(storageRoot, 'group-files', objectName))).toBe(false);
		const mails = readdirSync(join(dataDir, 'outbox'));
		expect(mails.length).toBeGreaterThanOrEqual(1);
		// Done once: a second run finds nothing, and the group cannot be reopened.
		expect(await purgeClosedGroups(d.db, config, local(), in181Days)).toEqual([]);
		expect(await d.as(lead.claims, (tx) => setGroupClosed(tx, groupId, lead.id, false))).toBe(
			false
		);
		// The tasks and the ledger (the group's own records) stay.
		const tasks = await d.db
			.selectFrom('group_tasks')
			.select('id')
			.where('group_id', '=', groupId)
			.execute();
		expect(tasks.length).toBeGreaterThan(0);
	});

	function customGroup(name: string): Promise<string> {
		return database().as(lead.claims, (tx) =>
			createGroup(tx, lead.id, {
				name,
				city: 'Boise',
				state_code: 'ID',
				program_id: 'custom',
				arrival_on: null
			})
		);
	}

	/** A closed group of the lead's with one file in the double; returns its id and the file. */
	async function closedHostedGroup(name: string): Promise<{ id: string; file: string }> {
		const id = await customGroup(name);
		const file = randomUUID();
		await putHostedFile(`${id}/${file}`);
		await database().as(lead.claims, (tx) => setGroupClosed(tx, id, lead.id, true));
		return { id, file };
	}

	/** When the purge and the file deletion were recorded, and whether the family row is left. */
	async function purgeRecord(groupId: string) {
		return database()
			.db.selectFrom('sponsor_groups as g')
			.leftJoin('group_families as f', 'f.group_id', 'g.id')
			.select(['g.family_purged_at', 'g.files_purged_at', 'f.group_id as familyRow'])
			.where('g.id', '=', groupId)
			.executeTakeFirstOrThrow();
	}

	it('on Supabase with the secret key deletes the group’s folder in Storage, not others’', async () => {
		const d = database();
		const hosted = supabaseConfig(dataDir, double.secretKey);
		const due = await closedHostedGroup('Hosted, due');
		const openGroup = await customGroup('Hosted, open');
		await putHostedFile(`${due.id}/${randomUUID()}`);
		await putHostedFile(`${openGroup}/${randomUUID()}`);
		const later = new Date(Date.now() + 181 * DAY);
		expect(await purgeClosedGroups(d.db, hosted, removerFor(d, hosted), later)).toEqual([due.id]);
		expect(await hostedEntries(due.id)).toEqual([]);
		expect(await hostedEntries(openGroup)).toHaveLength(1);
		expect((await purgeRecord(due.id)).files_purged_at).toEqual(later);
		expect(await purgeRecord(due.id)).toMatchObject({ familyRow: null });
	});

	it('on Supabase without the key deletes the rows, leaves the files and names the variable; with it, the next run deletes them', async () => {
		const d = database();
		const keyless = supabaseConfig(dataDir);
		expect(removerFor(d, keyless)).toBeNull();
		const group = await closedHostedGroup('Hosted, no key');
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const later = new Date(Date.now() + 181 * DAY);
		expect(await purgeClosedGroups(d.db, keyless, null, later)).toEqual([group.id]);
		expect(await purgeRecord(group.id)).toMatchObject({ familyRow: null });
		expect(await hostedEntries(group.id)).toEqual([group.file]);
		expect(warn).toHaveBeenCalledWith(expect.stringMatching(`${group.id}/.*SUPABASE_SECRET_KEY`));
		// Recorded once: the next keyless run neither purges nor warns again.
		warn.mockClear();
		expect(await purgeClosedGroups(d.db, keyless, null, later)).toEqual([]);
		expect(warn).not.toHaveBeenCalled();
		expect((await purgeRecord(group.id)).files_purged_at).toBeNull();

		const keyed = supabaseConfig(dataDir, double.secretKey);
		expect(await purgeClosedGroups(d.db, keyed, removerFor(d, keyed), later)).toEqual([]);
		expect(await hostedEntries(group.id)).toEqual([]);
		expect((await purgeRecord(group.id)).files_purged_at).toEqual(later);
	});

	it('when Storage refuses, logs the folder, tells the leads once, and deletes the files on a later run', async () => {
		const d = database();
		const hosted = supabaseConfig(dataDir, double.secretKey);
		const group = await closedHostedGroup('Hosted, key revoked');
		// A key the project no longer accepts: the double answers 401 Invalid API key.
		const revoked = createSecretKeyClient(double.url, `sb_secret_revoked_${randomUUID()}`);
		const refused: RemoveFolder = (bucket, folder) => removeSupabaseFolder(revoked, bucket, folder);
		const failure = vi.spyOn(console, 'error').mockImplementation(() => {});
		const mails = () => readdirSync(join(dataDir, 'outbox')).length;
		const later = new Date(Date.now() + 181 * DAY);

		expect(await purgeClosedGroups(d.db, hosted, refused, later)).toEqual([group.id]);
		expect(await hostedEntries(group.id)).toEqual([group.file]);
		expect(failure).toHaveBeenCalledWith(
			expect.stringContaining(`${group.id}/ of the ${BUCKET} bucket`),
			expect.objectContaining({ message: expect.stringMatching(/401 .*Invalid API key/) })
		);
		expect(await purgeRecord(group.id)).toMatchObject({ files_purged_at: null });
		const mailsAfterPurge = mails();

		expect(await purgeClosedGroups(d.db, hosted, refused, later)).toEqual([]);
		expect(await hostedEntries(group.id)).toEqual([group.file]);
		const retryAt = new Date(later.getTime() + DAY);
		expect(await purgeClosedGroups(d.db, hosted, removerFor(d, hosted), retryAt)).toEqual([]);
		expect(await hostedEntries(group.id)).toEqual([]);
		expect((await purgeRecord(group.id)).files_purged_at).toEqual(retryAt);
		expect(mails()).toBe(mailsAfterPurge);
	});

	it('only the retention job records a purge', async () => {
		const d = database();
		const other = await customGroup('Other');
		for (const column of ['family_purged_at', 'files_purged_at'] as const) {
			await expect(
				d.as(lead.claims, (tx) =>
					tx
						.updateTable('sponsor_groups')
						.set({ [column]: new Date() })
						.where('id', '=', other)
						.execute()
				),
				column
			).rejects.toMatchObject({ code: '42501' });
		}
	});
});

describe('deleting a folder in Supabase Storage with the secret key (the double)', () => {
	it('pages through more objects than one call takes, descends into subfolders, keeps the rest', async () => {
		const folder = randomUUID();
		const neighbour = randomUUID();
		for (let i = 0; i < 5; i++) await putHostedFile(`${folder}/${randomUUID()}`);
		await putHostedFile(`${folder}/${randomUUID()}/${randomUUID()}`);
		await putHostedFile(`${neighbour}/${randomUUID()}`);
		const deletes = () =>
			double.requests.filter((request) => request === `DELETE /storage/v1/object/${BUCKET}`).length;
		const before = deletes();
		await removeSupabaseFolder(storageAdmin, BUCKET, folder, 2);
		expect(await hostedEntries(folder)).toEqual([]);
		expect(await hostedEntries(neighbour)).toHaveLength(1);
		expect(deletes() - before).toBe(3);
		// An empty folder is nothing to do, not an error.
		await removeSupabaseFolder(storageAdmin, BUCKET, folder, 2);
	});

	it('names the folder and Storage’s answer when it refuses', async () => {
		const folder = randomUUID();
		const anon = createSecretKeyClient(double.url, double.publishableKey);
		await putHostedFile(`${folder}/${randomUUID()}`);
		const revoked = createSecretKeyClient(double.url, 'sb_secret_revoked_0123456789');
		await expect(removeSupabaseFolder(revoked, BUCKET, folder)).rejects.toThrow(
			`Supabase Storage could not list ${BUCKET}/${folder}/`
		);
		// The publishable key sees nothing to delete: why config refuses it as the secret key.
		await removeSupabaseFolder(anon, BUCKET, folder);
		expect(await hostedEntries(folder)).toHaveLength(1);
	});
});
