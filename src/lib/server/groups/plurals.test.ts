import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';

// Counts on the group pages use the message format's plural forms, in both languages.
describe('plural messages of the group pages', () => {
	it('says "1 member" and "2 members"', () => {
		expect(m.groups_member_count({ count: 1 }, { locale: 'en' })).toBe('1 member');
		expect(m.groups_member_count({ count: 2 }, { locale: 'en' })).toBe('2 members');
		expect(m.groups_member_count({ count: 1 }, { locale: 'es' })).toBe('1 miembro');
		expect(m.groups_member_count({ count: 5 }, { locale: 'es' })).toBe('5 miembros');
	});

	it('says "1 day from arrival" and "30 days from arrival"', () => {
		expect(m.groups_task_due_days_short({ days: 1 }, { locale: 'en' })).toBe('1 day from arrival');
		expect(m.groups_task_due_days_short({ days: 30 }, { locale: 'es' })).toBe(
			'30 días desde la llegada'
		);
	});
});
