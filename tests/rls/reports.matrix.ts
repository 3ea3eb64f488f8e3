import { sql } from 'kysely';
import type { Tx } from '../../src/lib/server/db';
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

// public.resolution_reports: anyone may add a pending report, through private.submit_report()
// (which applies the honeypot and the rate limits inside the database) and never by writing the
// table; only site admins read, decide or delete one. A campaign's editor (`member`) and lead, and
// `other` (lead of another campaign), are signed-in users like any other.

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

/** A report as the report form sends it: 0 when taken, else the seconds to wait. */
const submitReport = async (tx: Tx, title: string) => {
	const r = pendingReport(title);
	const { rows } = await sql<{ wait: number }>`
		select private.submit_report(
			'192.0.2.7', '', ${r.place_name}, ${r.place_kind}, ${r.state_code}, ${r.status},
			${r.decided_on}::date, ${r.title}, null, ${r.source_url}, null, ${r.contact_email}
		) as wait`.execute(tx);
	return rows[0]?.wait;
};

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
		variant: 'a pending report, through submit_report',
		expected: [y, y, y, y, y, y],
		run: async (tx) => (await submitReport(tx, 'New report')) === 0
	},
	{
		// Straight into the table the honeypot and the rate limits would be skipped.
		table: 'resolution_reports',
		op: 'insert',
		variant: 'a pending report, directly',
		expected: [n, n, n, n, n, n],
		run: async (tx) => {
			await tx.insertInto('resolution_reports').values(pendingReport('New report')).execute();
			return true;
		}
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
	// A campaign led by `lead` (its creator) with `editor` on its team, who joined by invite.
	const { id: resolutionId } = await createCampaign(d, lead, { editor });
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
