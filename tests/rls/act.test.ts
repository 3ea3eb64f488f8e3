import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../helpers/campaigns';
import { PLATFORM_ENGINES, useTestDatabase } from '../helpers/databases';
import { attempt, touched, type People } from '../helpers/rls-matrix';
import { actMatrix, type ActFixture } from './act.matrix';

// The call to act beyond the matrix (tests/rls/act.matrix.ts, run by matrix.test.ts), on the
// matrix's own fixtures (`member` is the campaign's editor).

describe.each(PLATFORM_ENGINES)('the call to act beyond the matrix (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let people: People;
	let fixture: ActFixture;

	beforeAll(async () => {
		({ people, fixture } = await actMatrix.setup(database()));
	});

	it('a report holds no person: only the resolution and the time', async () => {
		const columns = await sql<{ column_name: string }>`
			select column_name from information_schema.columns
			where table_schema = 'public' and table_name = 'resolution_actions'
			order by column_name
		`.execute(database().db);
		expect(columns.rows.map((row) => row.column_name)).toEqual([
			'created_at',
			'id',
			'resolution_id'
		]);
	});

	it('a stranger cannot move a recipient into a campaign they do not run', async () => {
		const d = database();
		const stranger = people.stranger;
		const own = await createCampaign(d, stranger);
		// The editor's recipient, pointed at the stranger's campaign: invisible to them, so no row.
		const moved = await attempt(d, stranger.claims, async (tx) =>
			touched(
				await tx
					.updateTable('resolution_recipients')
					.set({ resolution_id: own.id })
					.where('id', '=', fixture.openRecipientId)
					.executeTakeFirst()
			)
		);
		expect(moved).toBe(false);
		// And an editor cannot move one of theirs into the stranger's campaign.
		const editor = people.member;
		const pushed = await attempt(d, editor.claims, async (tx) =>
			touched(
				await tx
					.updateTable('resolution_recipients')
					.set({ resolution_id: own.id })
					.where('id', '=', fixture.openRecipientId)
					.executeTakeFirst()
			)
		);
		expect(pushed).toBe(false);
	});
});
