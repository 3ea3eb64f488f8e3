import { beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_ENGINES, useTestDatabase } from '../helpers/databases';
import { denied, type People } from '../helpers/rls-matrix';
import { reportsMatrix, type ReportFixture } from './reports.matrix';

// Resolution reports beyond the matrix (tests/rls/reports.matrix.ts, run by matrix.test.ts), on
// the matrix's own fixtures (`member` is the campaign's editor).

describe.each(PLATFORM_ENGINES)('resolution reports beyond the matrix (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let people: People;
	let fixture: ReportFixture;

	beforeAll(async () => {
		({ people, fixture } = await reportsMatrix.setup(database()));
	});

	it('the fixture persona set is what the matrix says: editor and lead are on a campaign', async () => {
		const d = database();
		const roles = await d.db
			.selectFrom('resolution_members')
			.select(['user_id', 'role'])
			.where('resolution_id', '=', fixture.resolutionId)
			.execute();
		expect(new Map(roles.map((r) => [r.user_id, r.role]))).toEqual(
			new Map([
				[people.lead.id, 'lead'],
				[people.member.id, 'editor']
			])
		);
	});

	it('a decision keeps no email, a rejection has a reason, an approval a resolution', async () => {
		const d = database();
		const admin = people.admin;
		// Who decided and when are the database's to write (see the next test).
		const decide = (values: Record<string, unknown>) =>
			d.as(admin.claims, (tx) =>
				tx
					.updateTable('resolution_reports')
					.set(values)
					.where('id', '=', fixture.reportId)
					.execute()
			);
		const checkViolation = { code: '23514' };
		await expect(decide({ state: 'rejected', decision_reason: 'Duplicate' })).rejects.toMatchObject(
			checkViolation
		);
		await expect(
			decide({ state: 'rejected', contact_email: null, decision_reason: null })
		).rejects.toMatchObject(checkViolation);
		await expect(decide({ state: 'approved', contact_email: null })).rejects.toMatchObject(
			checkViolation
		);
		await decide({ state: 'rejected', contact_email: null, decision_reason: 'Duplicate' });
		const row = await d.db
			.selectFrom('resolution_reports')
			.select(['state', 'contact_email'])
			.where('id', '=', fixture.reportId)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ state: 'rejected', contact_email: null });
	});

	it('who decided and when are the database’s, and a decision is final', async () => {
		const d = database();
		const admin = people.admin;
		const report = await d.db
			.insertInto('resolution_reports')
			.values({
				place_name: 'Stampville',
				place_kind: 'city',
				state_code: 'MN',
				status: 'adopted',
				title: 'Stamped',
				source_url: 'https://example.org/stamped',
				contact_email: 'reporter@example.org'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		// A moderator cannot write someone else in as the decider, nor backdate a decision.
		await denied(
			d.as(admin.claims, (tx) =>
				tx
					.updateTable('resolution_reports')
					.set({ decided_by: people.lead.id })
					.where('id', '=', report.id)
					.execute()
			)
		);
		await denied(
			d.as(admin.claims, (tx) =>
				tx
					.updateTable('resolution_reports')
					.set({ decided_at: new Date('2020-01-01') })
					.where('id', '=', report.id)
					.execute()
			)
		);
		const before = Date.now();
		await d.as(admin.claims, (tx) =>
			tx
				.updateTable('resolution_reports')
				.set({ state: 'rejected', contact_email: null, decision_reason: 'Not a resolution' })
				.where('id', '=', report.id)
				.execute()
		);
		// Once decided, the decision stays what it was, whatever is sent again.
		await d.as(admin.claims, (tx) =>
			tx
				.updateTable('resolution_reports')
				.set({ state: 'pending', decision_reason: 'Changed my mind' })
				.where('id', '=', report.id)
				.execute()
		);
		const row = await d.db
			.selectFrom('resolution_reports')
			.select(['state', 'decision_reason', 'decided_by', 'decided_at'])
			.where('id', '=', report.id)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			state: 'rejected',
			decision_reason: 'Not a resolution',
			decided_by: admin.id
		});
		expect(row.decided_at?.getTime()).toBeGreaterThanOrEqual(before - 5_000);
	});
});
