import { describe, expect, it } from 'vitest';
import { phaseOf } from '$lib/groups';
import { getLocale, overwriteGetLocale } from '$lib/paraglide/runtime';
import { budgetStatus, ledgerEntrySchema } from './budget';

const english = getLocale;
import { requiredFunding, type Program } from './programs';

const program = (overrides: Partial<Program> = {}): Program => ({
	id: 'welcome_corps',
	name: 'Welcome Corps',
	currency: 'USD',
	minMembers: 5,
	fundingBaseCents: 0,
	fundingPerPersonCents: 242_500,
	fundingTable: null,
	cashSharePercent: 60,
	supportDays: 90,
	status: 'paused',
	statusNote: null,
	eligibility: [],
	...overrides
});

describe('requiredFunding', () => {
	it('applies a per-person rule', () => {
		expect(requiredFunding(program(), 4)).toBe(970_000);
		expect(requiredFunding(program(), 0)).toBe(242_500); // at least one person
	});

	it('applies a table by household size, with an amount per extra person', () => {
		const table = program({
			fundingPerPersonCents: 0,
			fundingTable: { '1': 1_660_000, '2': 2_710_000, '6': 3_880_000, extra: 300_000 }
		});
		expect(requiredFunding(table, 1)).toBe(1_660_000);
		expect(requiredFunding(table, 3)).toBe(3_880_000); // the next size listed
		expect(requiredFunding(table, 8)).toBe(3_880_000 + 2 * 300_000);
	});

	it('adds a fixed base', () => {
		expect(
			requiredFunding(program({ fundingBaseCents: 900_000, fundingPerPersonCents: 0 }), 5)
		).toBe(900_000);
	});
});

describe('budgetStatus', () => {
	// The issue's figures: a household of four ($9,700 under Welcome Corps), $5,200 donated and
	// $1,450 pledged (68%), then $600 of donated furniture and a $1,100 security deposit paid.
	const raised = [
		{ kind: 'donation', amount_cents: 520_000 },
		{ kind: 'pledge', amount_cents: 145_000 }
	];
	const furniture = { kind: 'in_kind', amount_cents: 60_000 };
	const deposit = { kind: 'expense', amount_cents: 110_000 };

	it('starts from cash and pledges against $2,425 per person, 60% of it in cash', () => {
		const { check } = budgetStatus(raised, program(), 4);
		expect(check).toMatchObject({
			required: 970_000,
			requiredCash: 582_000,
			inKindLimit: 388_000,
			cash: 665_000,
			committed: 665_000,
			missing: 305_000,
			missingCash: 0,
			percent: 68
		});
	});

	it('counts $600 of in-kind furniture toward the minimum', () => {
		const { check } = budgetStatus([...raised, furniture], program(), 4);
		expect(check?.inKindCounted).toBe(60_000);
		expect(check?.committed).toBe(725_000);
		expect(check?.percent).toBe(74);
	});

	it('does not subtract a $1,100 security deposit from what was raised', () => {
		const { check, totals } = budgetStatus([...raised, furniture, deposit], program(), 4);
		expect(check?.committed).toBe(725_000);
		expect(check?.percent).toBe(74);
		expect(totals.spent).toBe(110_000);
		expect(totals.onHand).toBe(410_000); // $5,200 donated − $1,100 spent
	});

	it('counts in-kind gifts only up to the non-cash share (40% for Welcome Corps)', () => {
		const { check } = budgetStatus(
			[
				{ kind: 'donation', amount_cents: 300_000 },
				{ kind: 'in_kind', amount_cents: 900_000 }
			],
			program(),
			4
		);
		expect(check?.inKindCounted).toBe(388_000);
		expect(check?.committed).toBe(688_000);
		expect(check?.missing).toBe(282_000);
		expect(check?.missingCash).toBe(282_000); // what is missing can only be cash
	});

	it('counts no in-kind gift where the whole minimum must be cash', () => {
		const ukRule = program({ fundingBaseCents: 900_000, fundingPerPersonCents: 0 });
		const { check } = budgetStatus(
			[{ kind: 'in_kind', amount_cents: 50_000 }],
			{ ...ukRule, cashSharePercent: 100 },
			3
		);
		expect(check?.inKindCounted).toBe(0);
		expect(check?.percent).toBe(0);
	});

	it('needs the household size before it can check anything', () => {
		const status = budgetStatus(raised, program(), null);
		expect(status.check).toBeNull();
		expect(status.totals).toMatchObject({ donated: 520_000, pledged: 145_000 });
	});
});

describe('ledgerEntrySchema', () => {
	const parse = (amount: string) =>
		ledgerEntrySchema.safeParse({
			kind: 'donation',
			amount,
			description: 'x',
			occurred_on: '2026-01-01'
		});

	it("reads amounts in the visitor's locale into integer cents", () => {
		expect(parse('1,250.50').data?.amount).toBe(125_050);
		expect(parse('0.1').data?.amount).toBe(10);
		overwriteGetLocale(() => 'es');
		try {
			expect(parse('12,50').data?.amount).toBe(1_250);
			expect(parse('1.250,50').data?.amount).toBe(125_050);
			const refused = parse('1,2,3');
			expect(refused.success).toBe(false);
			expect(refused.error?.issues[0]?.message).toContain('1.250,50');
		} finally {
			overwriteGetLocale(english);
		}
	});

	it('refuses zero, negative, over-precise and non-numeric amounts', () => {
		for (const bad of ['0', '-5', '1.001', 'abc', '', '1e5', '9999999999', '1,2,3', '12,50']) {
			expect(parse(bad).success, bad).toBe(false);
		}
	});
});

describe('phaseOf', () => {
	it('places tasks by days from arrival', () => {
		expect([-1, 0, 1, 7, 8, 30, 31, null].map(phaseOf)).toEqual([
			'before',
			'arrival',
			'week',
			'week',
			'month',
			'month',
			'later',
			'undated'
		]);
	});
});
