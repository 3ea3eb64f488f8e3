/**
 * Sponsor-group workspace under RLS at scale (PostgreSQL): 1,000 groups × 100 tasks. Times the
 * queries the group page runs, as a member (claims + RLS) and as the owner (no RLS), and
 * reports the p95 as a member and the ratio of the two medians.
 */
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { loadConfig } from '../src/lib/server/config';
import { openDatabase, userClaims, withClaims, type DB, type Tx } from '../src/lib/server/db';
import { listActivity } from '../src/lib/server/groups/activity';
import { listLedger } from '../src/lib/server/groups/budget';
import { listDocuments } from '../src/lib/server/groups/documents';
import { getFamily } from '../src/lib/server/groups/family';
import { getGroup, listMembers } from '../src/lib/server/groups/groups';
import { listTasks } from '../src/lib/server/groups/tasks';
import { percentile } from './stats';

const GROUPS = 1000;
const TASKS_PER_GROUP = 100;
const MEMBERS_PER_GROUP = 5;

/** Users, groups (5 members each, overlapping), 100 tasks and 20 ledger entries per group. */
async function fill(db: Kysely<DB>) {
	const groups = sql.lit(GROUPS);
	const statements = [
		sql`insert into auth.users (id, email)
			select gen_random_uuid(), 'bench-' || i || '@example.org' from generate_series(1, ${groups}) i`,
		sql`insert into public.sponsor_groups (name, city, state_code, program_id)
			select 'Group ' || i, 'City', 'MN', 'welcome_corps' from generate_series(1, ${groups}) i`,
		sql`with u as (select id, row_number() over (order by email) - 1 as n from auth.users),
			g as (select id, row_number() over (order by name) - 1 as n from public.sponsor_groups)
			insert into public.group_members (group_id, user_id, role)
			select g.id, u.id, case when k = 0 then 'lead' else 'member' end
			from g cross join generate_series(0, ${sql.lit(MEMBERS_PER_GROUP - 1)}) k
			join u on u.n = (g.n + k) % ${groups}`,
		sql`insert into public.group_families (group_id, household_size, arrival_on)
			select id, 4, date '2027-03-01' from public.sponsor_groups`,
		sql`insert into public.group_tasks (group_id, title, category, due_days, position)
			select g.id, 'Task ' || t, 'other', (t % 120) - 30, t
			from public.sponsor_groups g cross join generate_series(1, ${sql.lit(TASKS_PER_GROUP)}) t`,
		sql`insert into public.group_ledger_entries (group_id, kind, amount_cents, description, occurred_on)
			select g.id, 'donation', 1000 * e, 'Gift ' || e, date '2026-01-01' + e
			from public.sponsor_groups g cross join generate_series(1, 20) e`,
		sql`insert into public.group_activity (group_id, action, summary)
			select g.id, 'task_done', 'Task ' || a
			from public.sponsor_groups g cross join generate_series(1, 20) a`,
		sql`analyze`
	];
	for (const statement of statements) await statement.execute(db);
}

/** What the group page loads. */
async function workspace(tx: Tx, groupId: string, userId: string) {
	const group = await getGroup(tx, groupId, userId);
	if (!group) throw new Error('member cannot see the group');
	const family = await getFamily(tx, groupId, group.myRole === 'lead');
	await listMembers(tx, groupId);
	await listTasks(tx, groupId, family.arrivalOn, '2027-01-01');
	await listLedger(tx, groupId);
	await listActivity(tx, groupId, 15);
	await listDocuments(tx, groupId);
}

async function time(samples: number[], run: () => Promise<void>) {
	const started = performance.now();
	await run();
	samples.push(performance.now() - started);
}

export async function benchGroupWorkspace() {
	const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
	if (!adminUrl) return null;
	const name = `wa_bench_groups_${Date.now().toString(36)}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	await admin.query(`create database ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const database = await openDatabase(
		loadConfig({ DATABASE_URL: url.toString(), SEED_DEMO: 'false' })
	);
	try {
		await fill(database.db);
		const memberships = await database.db
			.selectFrom('group_members')
			.select(['group_id', 'user_id'])
			.where('role', '=', 'member')
			.limit(300)
			.execute();
		const rls: number[] = [];
		const owner: number[] = [];
		for (const [i, m] of memberships.entries()) {
			const asMember = () =>
				withClaims(database.db, userClaims({ id: m.user_id }), (tx) =>
					workspace(tx, m.group_id, m.user_id)
				);
			// The same queries on the owner's connection, the baseline without RLS: passed as a Tx on
			// purpose, which nothing outside a benchmark may do.
			const asOwner = () =>
				database.db.transaction().execute((tx) => workspace(tx as Tx, m.group_id, m.user_id));
			// Alternate, so neither side gets a warmer cache; the first 50 only warm up.
			if (i < 50) {
				await asMember();
				await asOwner();
				continue;
			}
			await time(rls, asMember);
			await time(owner, asOwner);
		}
		return {
			rls_workspace_p95_ms: percentile(rls, 95),
			rls_workspace_p50_ms: percentile(rls, 50),
			superuser_workspace_p50_ms: percentile(owner, 50),
			rls_overhead_ratio: percentile(rls, 50) / percentile(owner, 50)
		};
	} finally {
		await database.close();
		await admin.query(`drop database if exists ${name} with (force)`);
		await admin.end();
	}
}
