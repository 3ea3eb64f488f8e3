import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/server/config';
import { purgeClosedGroups } from '../../src/lib/server/db/retention';
import { createGroup, setGroupClosed } from '../../src/lib/server/groups/groups';
import { objectFile } from '../../src/lib/server/storage/local';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';

const scratch = mkdtempSync(join(tmpdir(), 'wa-retention-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(ENGINES)('deleting a closed group’s family data (%s)', (engine) => {
	const database = useTestDatabase(engine);
	const dataDir = join(scratch, engine);
	const storageRoot = join(dataDir, 'storage');
	const config = loadConfig({ DATA_DIR: dataDir });
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
		expect(await purgeClosedGroups(d.db, config, storageRoot)).toEqual([]);
		expect(await d.as(lead.claims, (tx) => setGroupClosed(tx, groupId, lead.id, true))).toBe(true);
		expect(await purgeClosedGroups(d.db, config, storageRoot)).toEqual([]);
		const in179Days = new Date(Date.now() + 179 * 86_400_000);
		expect(await purgeClosedGroups(d.db, config, storageRoot, in179Days)).toEqual([]);
		expect(existsSync(objectFile(storageRoot, 'group-files', objectName))).toBe(true);
	});

	it('then deletes the family data, the documents and their files, and tells the leads', async () => {
		const d = database();
		const in181Days = new Date(Date.now() + 181 * 86_400_000);
		expect(await purgeClosedGroups(d.db, config, storageRoot, in181Days)).toEqual([groupId]);
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
		expect(await purgeClosedGroups(d.db, config, storageRoot, in181Days)).toEqual([]);
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

	it('on Supabase (no local files) deletes the rows it may and records the purge once', async () => {
		const d = database();
		const other = await d.as(lead.claims, (tx) =>
			createGroup(tx, lead.id, {
				name: 'Hosted',
				city: 'Boise',
				state_code: 'ID',
				program_id: 'custom',
				arrival_on: null
			})
		);
		await d.as(lead.claims, (tx) => setGroupClosed(tx, other, lead.id, true));
		const later = new Date(Date.now() + 181 * 86_400_000);
		expect(await purgeClosedGroups(d.db, config, null, later)).toEqual([other]);
		const family = await d.db
			.selectFrom('group_families')
			.select('group_id')
			.where('group_id', '=', other)
			.execute();
		expect(family).toEqual([]);
		expect(await purgeClosedGroups(d.db, config, null, later)).toEqual([]);
	});

	it('only the retention job records a purge', async () => {
		const d = database();
		const other = await d.as(lead.claims, (tx) =>
			createGroup(tx, lead.id, {
				name: 'Other',
				city: 'Boise',
				state_code: 'ID',
				program_id: 'custom',
				arrival_on: null
			})
		);
		await expect(
			d.as(lead.claims, (tx) =>
				tx
					.updateTable('sponsor_groups')
					.set({ family_purged_at: new Date() })
					.where('id', '=', other)
					.execute()
			)
		).rejects.toMatchObject({ code: '42501' });
	});
});
