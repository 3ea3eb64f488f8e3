import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { m } from '../../src/lib/paraglide/messages';
import { createGroup } from '../../src/lib/server/groups/groups';
import { renderMail } from '../../src/lib/server/system/mail';
import { actions as groupActions } from '../../src/routes/groups/[id]/+page.server';
import { actions as preferenceActions } from '../../src/routes/preferences/+page.server';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';
import { groupInput, routeHarness } from './route-harness';

// A lead who switches the site to Spanish gets the group's mail in Spanish: the switch keeps the
// choice on their profile, which the mail queue reads when it renders.

describe.each(ENGINES)('group mail in the language the lead chose (%s)', (engine) => {
	const database = useTestDatabase(engine);
	const { eventFor, outcome } = routeHarness(database);
	let lead: Persona;
	let groupId: string;

	beforeAll(async () => {
		const d = database();
		lead = await createPersona(d, 'Lucía');
		groupId = await d.as(lead.claims, (tx) => createGroup(tx, lead.id, groupInput('Círculo')));
	});

	it('renders the closing notice in Spanish after the lead chose Spanish', async () => {
		const event = eventFor(lead, '/preferences?/language', {}, { lang: 'es', next: '/groups' });
		const cookies = { set: () => undefined };
		expect(
			await outcome(() => preferenceActions.language!({ ...(event as object), cookies } as never))
		).toEqual({ thrown: 303 });

		await groupActions.close!(eventFor(lead, `/groups/${groupId}?/close`, { id: groupId }, {}));
		const { rows } = await sql<{ kind: string; locale: string; params: Record<string, string> }>`
			select kind, locale, params from private.claim_mail(10, 60)`.execute(database().db);
		const closing = rows.find((row) => row.kind === 'group_closing');
		expect(closing?.locale).toBe('es');
		const mail = renderMail(closing!.kind, closing!.params, closing!.locale as 'es');
		expect(mail.subject).toBe(
			m.mail_group_closing_subject(
				{ group: 'Círculo', date: closing!.params.delete_on ?? '' },
				{ locale: 'es' }
			)
		);
		expect(mail.subject).not.toBe(renderMail(closing!.kind, closing!.params, 'en').subject);
	});
});
