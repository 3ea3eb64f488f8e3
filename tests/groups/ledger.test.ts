import { beforeAll, describe, expect, it } from 'vitest';
import { m } from '../../src/lib/paraglide/messages';
import { getLocale, overwriteGetLocale } from '../../src/lib/paraglide/runtime';
import { createGroup } from '../../src/lib/server/groups/groups';
import { actions } from '../../src/routes/groups/[id]/+page.server';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';
import { groupInput, routeHarness, type Body } from './route-harness';

// Ledger entries through the page's form actions: their author and the group's leads edit and
// delete them (as the policies say), another member cannot, and each change is logged.

const english = getLocale;

describe.each(ENGINES)('ledger edits and deletions (%s)', (engine) => {
	const database = useTestDatabase(engine);
	const { eventFor } = routeHarness(database);
	let lead: Persona, author: Persona, other: Persona;
	let groupId: string;

	beforeAll(async () => {
		const d = database();
		[lead, author, other] = await Promise.all([
			createPersona(d, 'Lena'),
			createPersona(d, 'Marco'),
			createPersona(d, 'Olga')
		]);
		groupId = await d.as(lead.claims, (tx) => createGroup(tx, lead.id, groupInput('Ledger')));
		await d.db
			.insertInto('group_members')
			.values([
				{ group_id: groupId, user_id: author.id, role: 'member' },
				{ group_id: groupId, user_id: other.id, role: 'member' }
			])
			.execute();
	});

	const post = async (who: Persona, action: string, body: Body) => {
		const run = actions[action];
		if (!run) throw new Error(`no action ${action}`);
		return (await run(eventFor(who, `/groups/${groupId}?/${action}`, { id: groupId }, body))) as {
			status?: number;
			data?: { message: string; errors?: Record<string, string[]> };
			message?: string;
		};
	};
	const entry = (id: string) =>
		database()
			.db.selectFrom('group_ledger_entries')
			.where('id', '=', id)
			.select(['kind', 'amount_cents', 'description'])
			.executeTakeFirst();
	const add = async (description: string) => {
		await post(author, 'ledger', {
			kind: 'donation',
			amount: '100',
			description,
			occurred_on: '2026-11-01'
		});
		const row = await database()
			.db.selectFrom('group_ledger_entries')
			.where('description', '=', description)
			.select('id')
			.executeTakeFirstOrThrow();
		return row.id;
	};
	const edit = (id: string, amount: string) => ({
		entry_id: id,
		kind: 'in_kind',
		amount,
		description: 'Sofa and beds',
		occurred_on: '2026-11-02'
	});

	it('the author edits their entry, in Spanish amounts when they read Spanish', async () => {
		const id = await add('Bake sale');
		overwriteGetLocale(() => 'es');
		try {
			const result = await post(author, 'ledger_edit', edit(id, '1.250,50'));
			expect(result.message).toBe(m.groups_ledger_saved({}, { locale: 'es' }));
		} finally {
			overwriteGetLocale(english);
		}
		expect(await entry(id)).toMatchObject({ kind: 'in_kind', description: 'Sofa and beds' });
		expect(Number((await entry(id))?.amount_cents)).toBe(125_050);
		const logged = await database()
			.db.selectFrom('group_activity')
			.where('group_id', '=', groupId)
			.where('action', '=', 'ledger_entry_edited')
			.select('actor_id')
			.execute();
		expect(logged.map((row) => row.actor_id)).toContain(author.id);
	});

	it('another member can neither edit nor delete it, and nothing changes', async () => {
		const id = await add('Coats');
		const edited = await post(other, 'ledger_edit', edit(id, '5'));
		expect(edited.status).toBe(400);
		expect(edited.data?.message).toBe(m.groups_error_ledger_entry());
		const deleted = await post(other, 'ledger_delete', { entry_id: id });
		expect(deleted.status).toBe(400);
		expect((await entry(id))?.description).toBe('Coats');
	});

	it('a lead edits and deletes any entry; the deletion is logged', async () => {
		const id = await add('Rent');
		await post(lead, 'ledger_edit', edit(id, '12.50'));
		expect(Number((await entry(id))?.amount_cents)).toBe(1_250);
		const result = await post(lead, 'ledger_delete', { entry_id: id });
		expect(result.message).toBe(m.groups_ledger_deleted());
		expect(await entry(id)).toBeUndefined();
		const logged = await database()
			.db.selectFrom('group_activity')
			.where('group_id', '=', groupId)
			.where('action', '=', 'ledger_entry_deleted')
			.select('actor_id')
			.execute();
		expect(logged.map((row) => row.actor_id)).toContain(lead.id);
	});

	it('an ambiguous amount is refused and the entry keeps its value', async () => {
		const id = await add('Groceries');
		const result = await post(author, 'ledger_edit', edit(id, '1,2,3'));
		expect(result.status).toBe(400);
		expect(result.data?.errors?.amount?.[0]).toContain('1,250.50');
		expect(Number((await entry(id))?.amount_cents)).toBe(10_000);
	});
});
