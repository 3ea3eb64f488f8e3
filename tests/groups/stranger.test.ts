import { beforeAll, describe, expect, it } from 'vitest';
import { createGroup } from '../../src/lib/server/groups/groups';
import { load as groupLoad, actions } from '../../src/routes/groups/[id]/+page.server';
import { GET as budgetCsv } from '../../src/routes/groups/[id]/budget.csv/+server';
import { GET as documentGet } from '../../src/routes/groups/[id]/documents/[documentId]/+server';
import { load as reportLoad } from '../../src/routes/groups/[id]/reports/[days]/+page.server';
import { GET as reportDocx } from '../../src/routes/groups/[id]/reports/[days]/docx/+server';
import { GET as calendarGet } from '../../src/routes/calendar/[token].ics/+server';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';
import { groupInput, routeHarness } from './route-harness';

// Every URL of a group — the page, its reports (page and Word), the budget CSV, a document, every
// form action — answers 404 to anyone who is not a member: a stranger, a lead of another group,
// a site admin. The same URLs work for a member, so the 404s are not a broken route.

describe.each(ENGINES)('a group is invisible to non-members (%s)', (engine) => {
	const database = useTestDatabase(engine);
	const { eventFor, outcome, snapshot } = routeHarness(database);
	let member: Persona;
	let outsiders: [string, Persona][];
	let groupId: string, documentId: string;

	beforeAll(async () => {
		const d = database();
		const [lead, stranger, otherLead, admin] = await Promise.all([
			createPersona(d, 'lead'),
			createPersona(d, 'stranger'),
			createPersona(d, 'other-lead'),
			createPersona(d, 'admin', { siteAdmin: true })
		]);
		member = lead;
		outsiders = [
			['a stranger', stranger!],
			['a lead of another group', otherLead!],
			['a site admin', admin!]
		];
		groupId = await d.as(lead.claims, (tx) => createGroup(tx, lead.id, groupInput('Private')));
		await d.as(otherLead!.claims, (tx) => createGroup(tx, otherLead!.id, groupInput('Other')));
		// A real upload, so the member's download has a file to sign.
		const upload = eventFor(
			lead,
			`/groups/${groupId}?/upload`,
			{ id: groupId },
			{
				title: 'Lease',
				file: new File(['Lease for the apartment.\n'], 'lease.txt', { type: 'text/plain' })
			}
		);
		await actions.upload!(upload);
		documentId = (
			await d.db
				.selectFrom('group_documents')
				.where('group_id', '=', groupId)
				.select('id')
				.executeTakeFirstOrThrow()
		).id;
	});

	/** Every group URL, called as `who`: what it answered (a status, or what it returned). */
	const urls = (who: Persona) => {
		const base = `/groups/${groupId}`;
		const params = { id: groupId };
		return {
			page: () => groupLoad(eventFor(who, base, params)),
			'budget.csv': () => budgetCsv(eventFor(who, `${base}/budget.csv`, params)),
			document: () =>
				documentGet(eventFor(who, `${base}/documents/${documentId}`, { ...params, documentId })),
			'30-day report': () =>
				reportLoad(eventFor(who, `${base}/reports/30`, { ...params, days: '30' })),
			'90-day report': () =>
				reportLoad(eventFor(who, `${base}/reports/90`, { ...params, days: '90' })),
			'report docx': () =>
				reportDocx(eventFor(who, `${base}/reports/30/docx`, { ...params, days: '30' }))
		} as Record<string, () => unknown>;
	};
	const statusOf = async (run: () => unknown) => {
		const result = await outcome(run);
		if (result instanceof Response) return result.status;
		return (result as { thrown?: number }).thrown ?? 200;
	};

	it('a member reaches every URL (so a 404 below means "not yours")', async () => {
		const answers: Record<string, number> = {};
		for (const [name, run] of Object.entries(urls(member))) answers[name] = await statusOf(run);
		expect(answers).toEqual({
			page: 200,
			'budget.csv': 200,
			document: 303, // to the signed download
			'30-day report': 200,
			'90-day report': 200,
			'report docx': 200
		});
	});

	it('anyone else gets 404 for every page, file and report', async () => {
		for (const [label, who] of outsiders) {
			const answers: Record<string, number> = {};
			for (const [name, run] of Object.entries(urls(who))) answers[name] = await statusOf(run);
			expect(answers, label).toEqual(Object.fromEntries(Object.keys(answers).map((k) => [k, 404])));
		}
	});

	it('anyone else gets 404 for every form action, and nothing changes', async () => {
		const before = await snapshot();
		for (const [label, who] of outsiders) {
			for (const [name, action] of Object.entries(actions)) {
				const event = eventFor(
					who,
					`/groups/${groupId}?/${name}`,
					{ id: groupId },
					{
						task_id: '00000000-0000-4000-8000-000000000000',
						title: 'x'
					}
				);
				expect(await outcome(() => action(event)), `${label}: ${name}`).toEqual({ thrown: 404 });
			}
		}
		expect(await snapshot()).toEqual(before);
	});

	it('signed out, every URL asks to sign in first', async () => {
		const anon = null as unknown as Persona;
		const base = `/groups/${groupId}`;
		const event = (path: string, extra = {}) => eventFor(anon, path, { id: groupId, ...extra });
		expect(await outcome(() => groupLoad(event(base)))).toEqual({ thrown: 401 });
		expect(await outcome(() => budgetCsv(event(`${base}/budget.csv`)))).toEqual({ thrown: 401 });
		expect(
			await outcome(() => reportDocx(event(`${base}/reports/30/docx`, { days: '30' })))
		).toEqual({ thrown: 401 });
	});

	it('a calendar link that is not one answers 404', async () => {
		const [, stranger] = outsiders[0]!;
		const event = eventFor(stranger, '/calendar/x.ics', { token: 'A'.repeat(43) });
		expect(await outcome(() => calendarGet(event))).toEqual({ thrown: 404 });
	});
});
