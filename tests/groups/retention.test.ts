import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig, type Config } from '../../src/lib/server/config';
import { purgeClosedGroups } from '../../src/lib/server/system/retention';
import { sendQueuedMail } from '../../src/lib/server/system/mail';
import { createGroup, setGroupClosed } from '../../src/lib/server/groups/groups';
import { createFolderRemover } from '../../src/lib/server/storage';
import { objectFile } from '../../src/lib/server/storage/local';
import { removeSupabaseFolder } from '../../src/lib/server/storage/supabase';
import type { RemoveFolder } from '../../src/lib/server/storage/types';
import { createSecretKeyClient } from '../../src/lib/server/supabase/client';
import { startSupabaseDouble, type SupabaseDouble } from '../doubles/supabase-double';
import { PLATFORM_ENGINES, useTestDatabase, type TestDatabase } from '../helpers/databases';
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

describe.each(PLATFORM_ENGINES)('deleting a closed group with everything in it (%s)', (engine) => {
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
				.values({ group_id: groupId, object_name: objectName, title: 'Lease' })
				.execute();
			const task = await tx
				.selectFrom('group_tasks')
				.select('id')
				.where('group_id', '=', groupId)
				.executeTakeFirstOrThrow();
			await tx
				.updateTable('group_tasks')
				.set({ notes: 'The mother prefers a female doctor' })
				.where('id', '=', task.id)
				.execute();
			await tx
				.insertInto('group_task_comments')
				.values({ task_id: task.id, group_id: groupId, body: 'Clinic called back' })
				.execute();
			await tx
				.insertInto('group_ledger_entries')
				.values({
					group_id: groupId,
					kind: 'expense',
					amount_cents: 12_000,
					description: 'Prescription for the son',
					occurred_on: '2026-01-12'
				})
				.execute();
		});
		const file = objectFile(storageRoot, 'group-files', objectName);
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, 'lease');
	});

	it('keeps an open group, and a closed one until its retention period is over', async () => {
		const d = database();
		expect(await purgeClosedGroups(d.db, local())).toEqual([]);
		expect(await d.as(lead.claims, (tx) => setGroupClosed(tx, groupId, lead.id, true))).toBe(true);
		expect(await purgeClosedGroups(d.db, local())).toEqual([]);
		const in179Days = new Date(Date.now() + 179 * 86_400_000);
		expect(await purgeClosedGroups(d.db, local(), in179Days)).toEqual([]);
		expect(existsSync(objectFile(storageRoot, 'group-files', objectName))).toBe(true);
	});

	it('then deletes the group with everything that describes the family, its files, and tells the leads', async () => {
		const d = database();
		const in181Days = new Date(Date.now() + 181 * 86_400_000);
		// On Supabase only its Storage API deletes files (tested below with the double): here the
		// rows go and the files wait.
		const remover = engine === 'supabase' ? null : local();
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		expect(await purgeClosedGroups(d.db, remover, in181Days)).toEqual([groupId]);
		warn.mockRestore();
		for (const table of [
			'group_families',
			'group_family_sensitive',
			'group_documents',
			'group_tasks',
			'group_task_comments',
			'group_ledger_entries',
			'group_activity',
			'group_invites',
			'group_members'
		] as const) {
			const rows = await d.db
				.selectFrom(table)
				.select('group_id')
				.where('group_id', '=', groupId)
				.execute();
			expect(rows, table).toEqual([]);
		}
		expect(await groupLeft(groupId)).toEqual({
			group: false,
			filesToDelete: engine === 'supabase'
		});
		if (engine !== 'supabase') {
			const objects = await d.db
				.selectFrom('storage.objects')
				.select('id')
				.where('name', '=', objectName)
				.execute();
			expect(objects).toEqual([]);
			expect(existsSync(objectFile(storageRoot, 'group-files', objectName))).toBe(false);
		}
		// The leads were told: once when it closed, once now (queued in the same transactions).
		expect(await sendQueuedMail(d.db, config)).toBe(2);
		const mails = readdirSync(join(dataDir, 'outbox'));
		expect(mails.length).toBeGreaterThanOrEqual(2);
		// Done once: a second run finds nothing.
		expect(await purgeClosedGroups(d.db, remover, in181Days)).toEqual([]);
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

	/** Whether the group's row is left, and whether its files wait for deletion. */
	async function groupLeft(id: string) {
		const d = database();
		const group = await d.db
			.selectFrom('sponsor_groups')
			.select('id')
			.where('id', '=', id)
			.execute();
		const files = await d.db
			.selectFrom('private.group_files_to_purge')
			.select('group_id')
			.where('group_id', '=', id)
			.execute();
		return { group: group.length > 0, filesToDelete: files.length > 0 };
	}

	it('on Supabase with the secret key deletes the group’s folder in Storage, not others’', async () => {
		const d = database();
		const hosted = supabaseConfig(dataDir, double.secretKey);
		const due = await closedHostedGroup('Hosted, due');
		const openGroup = await customGroup('Hosted, open');
		await putHostedFile(`${due.id}/${randomUUID()}`);
		await putHostedFile(`${openGroup}/${randomUUID()}`);
		const later = new Date(Date.now() + 181 * DAY);
		expect(await purgeClosedGroups(d.db, removerFor(d, hosted), later)).toEqual([due.id]);
		expect(await hostedEntries(due.id)).toEqual([]);
		expect(await hostedEntries(openGroup)).toHaveLength(1);
		expect(await groupLeft(due.id)).toEqual({ group: false, filesToDelete: false });
	});

	it('on Supabase without the key deletes the rows, leaves the files and names the variable; with it, the next run deletes them', async () => {
		const d = database();
		const keyless = supabaseConfig(dataDir);
		expect(removerFor(d, keyless)).toBeNull();
		const group = await closedHostedGroup('Hosted, no key');
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const later = new Date(Date.now() + 181 * DAY);
		expect(await purgeClosedGroups(d.db, null, later)).toEqual([group.id]);
		expect(await groupLeft(group.id)).toEqual({ group: false, filesToDelete: true });
		expect(await hostedEntries(group.id)).toEqual([group.file]);
		expect(warn).toHaveBeenCalledWith(expect.stringMatching(`${group.id}/.*SUPABASE_SECRET_KEY`));
		// Recorded once: the next keyless run neither purges nor warns again.
		warn.mockClear();
		expect(await purgeClosedGroups(d.db, null, later)).toEqual([]);
		expect(warn).not.toHaveBeenCalled();
		expect(await groupLeft(group.id)).toEqual({ group: false, filesToDelete: true });

		const keyed = supabaseConfig(dataDir, double.secretKey);
		expect(await purgeClosedGroups(d.db, removerFor(d, keyed), later)).toEqual([]);
		expect(await hostedEntries(group.id)).toEqual([]);
		expect(await groupLeft(group.id)).toEqual({ group: false, filesToDelete: false });
	});

	it('when Storage refuses, logs the folder, tells the leads once, and deletes the files on a later run', async () => {
		const d = database();
		const hosted = supabaseConfig(dataDir, double.secretKey);
		const group = await closedHostedGroup('Hosted, key revoked');
		// A key the project no longer accepts: the double answers 401 Invalid API key.
		const revoked = createSecretKeyClient(double.url, `sb_secret_revoked_${randomUUID()}`);
		const refused: RemoveFolder = (bucket, folder) => removeSupabaseFolder(revoked, bucket, folder);
		const failure = vi.spyOn(console, 'error').mockImplementation(() => {});
		const mails = async () => {
			await sendQueuedMail(d.db, hosted);
			return readdirSync(join(dataDir, 'outbox')).length;
		};
		const later = new Date(Date.now() + 181 * DAY);

		expect(await purgeClosedGroups(d.db, refused, later)).toEqual([group.id]);
		expect(await hostedEntries(group.id)).toEqual([group.file]);
		expect(failure).toHaveBeenCalledWith(
			expect.stringContaining(`${group.id}/ of the ${BUCKET} bucket`),
			expect.objectContaining({ message: expect.stringMatching(/401 .*Invalid API key/) })
		);
		expect(await groupLeft(group.id)).toEqual({ group: false, filesToDelete: true });
		const mailsAfterPurge = await mails();

		expect(await purgeClosedGroups(d.db, refused, later)).toEqual([]);
		expect(await hostedEntries(group.id)).toEqual([group.file]);
		const retryAt = new Date(later.getTime() + DAY);
		expect(await purgeClosedGroups(d.db, removerFor(d, hosted), retryAt)).toEqual([]);
		expect(await hostedEntries(group.id)).toEqual([]);
		expect(await groupLeft(group.id)).toEqual({ group: false, filesToDelete: false });
		expect(await mails()).toBe(mailsAfterPurge);
	});

	it('only the retention job deletes a group this way', async () => {
		const d = database();
		const other = await customGroup('Other');
		await expect(
			d.as(lead.claims, (tx) => sql`select private.purge_group(${other})`.execute(tx))
		).rejects.toMatchObject({ code: '42501' });
		expect(await groupLeft(other)).toEqual({ group: true, filesToDelete: false });
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
