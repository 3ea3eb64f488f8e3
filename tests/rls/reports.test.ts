import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import type { People } from '../helpers/rls-matrix';
import { reportsMatrix, type ReportFixture } from './reports.matrix';

// Resolution reports beyond the matrix (tests/rls/reports.matrix.ts, run by matrix.test.ts), on
// the matrix's own fixtures (`member` is the campaign's editor).

describe.each(ENGINES)('resolution reports beyond the matrix (%s)', (engine) => {
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
		const decide = (values: Record<string, unknown>) =>
			d.as(admin.claims, (tx) =>
				tx
					.updateTable('resolution_reports')
					.set({ decided_at: sql`now()`, decided_by: admin.id, ...values })
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
});
