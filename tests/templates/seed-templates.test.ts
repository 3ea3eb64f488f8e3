import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTemplateSeed, TEMPLATE_SEED_PATH } from '../../scripts/build-template-seed';
import { ROOT } from '../../scripts/build-seed';
import { seedTemplates } from '../../src/lib/server/db';
import { ENGINES, useTestDatabase } from '../helpers/databases';

describe('template seed builder', () => {
	it('reproduces supabase/seed-templates.sql byte for byte', () => {
		// A mismatch means the originals changed without `npx tsx scripts/build-template-seed.ts`.
		expect(buildTemplateSeed()).toBe(readFileSync(join(ROOT, TEMPLATE_SEED_PATH), 'utf8'));
	});
});

describe.each(ENGINES)('seed-templates.sql in a migrated database (%s)', (engine) => {
	const database = useTestDatabase(engine);

	it('loads 14 published templates with one version each, and again changes nothing', async () => {
		const d = database();
		const counts = async () =>
			(
				await d.engine.pool.query(
					`select (select count(*)::int from public.templates where published) as templates,
						(select count(*)::int from public.template_versions where version = 1) as versions`
				)
			).rows[0];
		await seedTemplates(d.engine);
		expect(await counts()).toEqual({ templates: 14, versions: 14 });
		await seedTemplates(d.engine);
		expect(await counts()).toEqual({ templates: 14, versions: 14 });
	});
});
