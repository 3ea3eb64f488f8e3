import { createCampaign } from '../helpers/campaigns';
import type { TestDatabase } from '../helpers/databases';
import {
	n,
	touched,
	y,
	type Cell,
	type Matrix,
	type People,
	createPeople
} from '../helpers/rls-matrix';

// public.resolution_reports: anyone may add a pending report (without RETURNING, since only site
// admins read reports); only site admins read, decide or delete one. A campaign's editor
// (`member`) and lead, and `other` (lead of another campaign), are signed-in users like any other.

const pendingReport = (title: string) => ({
	place_name: 'Reportville',
	place_kind: 'city',
	state_code: 'MN',
	status: 'adopted',
	decided_on: '2024-05-01',
	title,
	source_url: 'https://example.org/minutes',
	contact_email: 'reporter@example.org'
});

export interface ReportFixture {
	reportId: string;
	resolutionId: string;
}

const cells: Cell<ReportFixture>[] = [
	{
		table: 'resolution_reports',
		op: 'select',
		expected: [n, n, n, n, n, y],
		run: async (tx, f) =>
			(
				await tx
					.selectFrom('resolution_reports')
					.select(['id', 'contact_email'])
					.where('id', '=', f.reportId)
					.execute()
			).length === 1
	},
	{
		table: 'resolution_reports',
		op: 'insert',
		variant: 'a pending report',
		expected: [y, y, y, y, y, y],
		run: async (tx) => {
			await tx.insertInto('resolution_reports').values(pendingReport('New report')).execute();
			return true;
		}
	},
	{
		// RETURNING needs the select policy too: only admins may read back what they wrote.
		table: 'resolution_reports',
		op: 'insert',
		variant: '… returning',
		expected: [n, n, n, n, n, y],
		run: async (tx) =>
			Boolean(
				await tx
					.insertInto('resolution_reports')
					.values(pendingReport('Read back'))
					.returning('id')
					.executeTakeFirst()
			)
	},
	{
		// Nobody, admins included, files a report that is already decided.
		table: 'resolution_reports',
		op: 'insert',
		variant: 'a decided report',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) => {
			await tx
				.insertInto('resolution_reports')
				.values({
					...pendingReport('Pre-approved'),
					contact_email: null,
					state: 'approved',
					resolution_id: f.resolutionId,
					decided_at: new Date()
				})
				.execute();
			return true;
		}
	},
	{
		table: 'resolution_reports',
		op: 'update',
		expected: [n, n, n, n, n, y],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolution_reports')
					.set({ notes: 'Checked' })
					.where('id', '=', f.reportId)
					.execute()
			)
	},
	{
		table: 'resolution_reports',
		op: 'delete',
		expected: [n, n, n, n, n, y],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('resolution_reports').where('id', '=', f.reportId).execute())
	}
];

async function setup(d: TestDatabase): Promise<{ people: People; fixture: ReportFixture }> {
	const people = await createPeople(d, 'editor');
	const { lead, member: editor } = people;
	await createCampaign(d, people.other);
	// A campaign led by `lead` with `editor` on its team (the creator becomes its lead).
	const resolutionId = await d.as(lead.claims, async (tx) => {
		const place = await tx
			.insertInto('places')
			.values({ kind: 'city', name: 'Campaignville', state_code: 'MN', created_by: lead.id })
			.returning('id')
			.executeTakeFirstOrThrow();
		const resolution = await tx
			.insertInto('resolutions')
			.values({
				slug: 'campaignville-mn',
				place_id: place.id,
				title: 'Welcome',
				created_by: lead.id
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await tx
			.insertInto('resolution_members')
			.values({ resolution_id: resolution.id, user_id: editor.id, role: 'editor' })
			.execute();
		return resolution.id;
	});
	const report = await d.db
		.insertInto('resolution_reports')
		.values(pendingReport('Fixture report'))
		.returning('id')
		.executeTakeFirstOrThrow();
	const fixture = { reportId: report.id, resolutionId };
	return { people, fixture };
}

export const reportsMatrix: Matrix<ReportFixture> = {
	name: 'reports',
	roles: 'other = lead of another campaign, member = editor of a campaign, lead = its lead',
	setup,
	cells
};
