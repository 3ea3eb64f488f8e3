import { beforeAll, describe, expect, it } from 'vitest';
import { ACTION_LIMIT, actionCount } from '../../src/lib/server/act/reports';
import { actions } from '../../src/routes/resolutions/[slug=slug]/+page.server';
import { createCampaign } from '../helpers/campaigns';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';
import { outcome, routeEvent } from '../helpers/route-events';
import { useRuntime } from '../helpers/runtime';

// "I sent it" on the public page, called as SvelteKit calls the form action. The action takes
// its rate limit on the app's owner handle (getRuntime), pointed at this suite's database.

describe.each(ENGINES)('the "I sent it" action (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let lead: Persona;
	useRuntime(() => ({ database: database() }));

	const send = async (slug: string, ip: string) => {
		const path = `/resolutions/${slug}`;
		const { event, headers } = routeEvent(database().db, null, {
			path,
			params: { slug },
			body: {},
			ip
		});
		return { result: await outcome(actions.sent!(event)), headers };
	};
	const count = (id: string) => database().as(lead.claims, (tx) => actionCount(tx, id));

	beforeAll(async () => {
		lead = await createPersona(database(), 'lead');
	});

	it('records one report and answers with thanks and the new count', async () => {
		const open = await createCampaign(database(), lead, { publish: true });
		const { result } = await send(open.slug, '192.0.2.10');
		expect(result).toMatchObject({ action: 'sent', sent: true, count: 1 });
		expect(await count(open.id)).toBe(1);
	});

	it(`takes ${ACTION_LIMIT.max} reports an hour from one address, then 429 with Retry-After`, async () => {
		const open = await createCampaign(database(), lead, { publish: true });
		for (let i = 0; i < ACTION_LIMIT.max; i++) {
			expect((await send(open.slug, '192.0.2.20')).result).toMatchObject({ sent: true });
		}
		const { result, headers } = await send(open.slug, '192.0.2.20');
		expect(result).toMatchObject({
			status: 429,
			data: { action: 'sent', count: ACTION_LIMIT.max, message: expect.stringMatching(/minutes/) }
		});
		expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
		expect(await count(open.id)).toBe(ACTION_LIMIT.max);
		// Another address is not held back.
		expect((await send(open.slug, '192.0.2.21')).result).toMatchObject({ sent: true });
	});

	it('refuses a decided resolution (409) and a draft or unknown slug (404), writing nothing', async () => {
		const decided = await createCampaign(database(), lead, { publish: true, status: 'adopted' });
		const draft = await createCampaign(database(), lead);
		expect((await send(decided.slug, '192.0.2.30')).result).toMatchObject({
			status: 409,
			data: { count: 0 }
		});
		expect((await send(draft.slug, '192.0.2.30')).result).toEqual({ thrown: 404 });
		expect((await send('no-such-resolution', '192.0.2.30')).result).toEqual({ thrown: 404 });
		expect(await count(decided.id)).toBe(0);
		expect(await count(draft.id)).toBe(0);
	});
});
