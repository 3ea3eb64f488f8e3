import { describe, expect, it } from 'vitest';
import { FIXTURES } from './fixtures';
import { inventory } from './inventory';
import { isPublicKey } from './slices';

// The route list comes from src/routes: a new action or endpoint fails here until the fixture
// table says who calls it and with what, so it cannot escape the hostile-input suite.
describe('hostile-input coverage', async () => {
	const entries = await inventory();
	const keys = entries.map((e) => e.key);

	it('finds the actions and endpoints in src/routes', () => {
		expect(entries.filter((e) => e.kind === 'action').length).toBeGreaterThan(40);
		expect(entries.filter((e) => e.kind === 'endpoint').length).toBeGreaterThan(15);
	});

	it.each(keys)('%s has an entry in the fixture table', (key) => {
		expect(FIXTURES[key], `add "${key}" to tests/hostile/fixtures.ts`).toBeDefined();
	});

	it('names no action or endpoint that does not exist', () => {
		expect(Object.keys(FIXTURES).filter((key) => !keys.includes(key))).toEqual([]);
	});

	it('leaves nothing out without saying why', () => {
		const notCovered = Object.entries(FIXTURES).filter(([, f]) => 'notCovered' in f);
		for (const [, f] of notCovered) expect('notCovered' in f && f.notCovered).toMatch(/\S/);
		expect(keys.every((k) => isPublicKey(k) || /groups|calendar|organize/.test(k))).toBe(true);
	});
});
