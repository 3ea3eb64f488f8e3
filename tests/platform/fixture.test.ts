// The Supabase platform fixture is faithful where it matters to us: the owner connection is
// `postgres` (not a superuser, BYPASSRLS), Supabase's default privileges expose every new table,
// auth.users and storage.objects have their real shape, owner and triggers, and the emulation of
// supautils lets `postgres` manage policies on storage.objects and nothing more.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformDatabase, type PlatformDatabase } from './cluster';

const available = Boolean(process.env.PLATFORM_ADMIN_URL);

describe.skipIf(!available)('the Supabase platform fixture', () => {
	let database: PlatformDatabase;
	let postgres: pg.Pool;

	beforeAll(async () => {
		database = await createPlatformDatabase();
		postgres = new pg.Pool({ connectionString: database.url, max: 2 });
	});
	afterAll(async () => {
		await postgres?.end();
		await database?.drop();
	});

	/** Runs fn as `postgres` in a transaction that is rolled back. */
	async function rolledBack<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
		const client = await postgres.connect();
		try {
			await client.query('begin');
			return await fn(client);
		} finally {
			await client.query('rollback').catch(() => {});
			client.release();
		}
	}

	async function failure(client: pg.PoolClient, statement: string) {
		await client.query('savepoint attempt');
		try {
			await client.query(statement);
			return null;
		} catch (error) {
			await client.query('rollback to savepoint attempt');
			return error as { code?: string; message: string };
		}
	}

	it('logs in as postgres: not a superuser, BYPASSRLS, and able to act as the API roles', async () => {
		const { rows } = await postgres.query(`
			select current_user as role, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb,
				pg_has_role('postgres', 'authenticated', 'member') as authenticated,
				pg_has_role('postgres', 'anon', 'member') as anon,
				pg_has_role('postgres', 'service_role', 'member') as service_role,
				pg_has_role('postgres', 'supabase_storage_admin', 'member') as storage_admin,
				pg_has_role('postgres', 'supabase_auth_admin', 'member') as auth_admin,
				(select datdba::regrole::text from pg_database where datname = current_database()) as db_owner
			from pg_roles where rolname = current_user
		`);
		expect(rows[0]).toEqual({
			role: 'postgres',
			rolsuper: false,
			rolbypassrls: true,
			rolcreaterole: true,
			rolcreatedb: true,
			authenticated: true,
			anon: true,
			service_role: true,
			storage_admin: false,
			auth_admin: false,
			db_owner: 'postgres'
		});
	});

	it('has the platform roles with their real attributes', async () => {
		const { rows } = await postgres.query(`
			select rolname, rolcanlogin as login, rolinherit as inherit, rolbypassrls as bypassrls
			from pg_roles
			where rolname in ('anon', 'authenticated', 'service_role', 'authenticator',
				'supabase_auth_admin', 'supabase_storage_admin', 'dashboard_user', 'supabase_read_only_user')
			order by rolname
		`);
		expect(rows).toEqual([
			{ rolname: 'anon', login: false, inherit: true, bypassrls: false },
			{ rolname: 'authenticated', login: false, inherit: true, bypassrls: false },
			{ rolname: 'authenticator', login: true, inherit: false, bypassrls: false },
			{ rolname: 'dashboard_user', login: false, inherit: true, bypassrls: false },
			{ rolname: 'service_role', login: false, inherit: true, bypassrls: true },
			{ rolname: 'supabase_auth_admin', login: true, inherit: false, bypassrls: false },
			{ rolname: 'supabase_read_only_user', login: true, inherit: true, bypassrls: true },
			{ rolname: 'supabase_storage_admin', login: true, inherit: false, bypassrls: false }
		]);
	});

	it('grants everything postgres creates in public to anon, authenticated and service_role', async () => {
		const privileges = await rolledBack(async (client) => {
			await client.query('create table public.exposed (id serial primary key)');
			await client.query(
				'create function public.exposed_fn() returns int language sql as $$ select 1 $$'
			);
			const { rows } = await client.query(`
				select role,
					has_table_privilege(role, 'public.exposed', 'select, insert, update, delete') as crud,
					has_table_privilege(role, 'public.exposed', 'truncate') as truncate,
					has_table_privilege(role, 'public.exposed', 'references, trigger') as references_trigger,
					has_sequence_privilege(role, 'public.exposed_id_seq', 'usage, select, update') as sequence,
					has_function_privilege(role, 'public.exposed_fn()', 'execute') as execute
				from unnest(array['anon', 'authenticated', 'service_role']) as role
			`);
			return rows;
		});
		for (const row of privileges) {
			expect(row).toMatchObject({
				crud: true,
				truncate: true,
				references_trigger: true,
				sequence: true,
				execute: true
			});
		}
	});

	it('keeps auth.users as GoTrue leaves it: owned by supabase_auth_admin, no default id', async () => {
		await rolledBack(async (client) => {
			const owner = await client.query(
				"select relowner::regrole::text as owner, relrowsecurity as rls from pg_class where oid = 'auth.users'::regclass"
			);
			expect(owner.rows[0]).toEqual({ owner: 'supabase_auth_admin', rls: true });
			const noId = await failure(
				client,
				"insert into auth.users (email) values ('no-id@example.org')"
			);
			expect(noId?.code).toBe('23502');
		});
	});

	it('makes email unique among non-SSO users only, and case-sensitively', async () => {
		await rolledBack(async (client) => {
			const insert = (email: string, sso = false) =>
				`insert into auth.users (id, email, is_sso_user) values (gen_random_uuid(), '${email}', ${sso})`;
			await client.query(insert('Case@example.org'));
			expect(await failure(client, insert('Case@example.org'))).toMatchObject({
				code: '23505',
				message: expect.stringContaining('users_email_partial_key')
			});
			expect(await failure(client, insert('case@example.org'))).toBeNull();
			expect(await failure(client, insert('Case@example.org', true))).toBeNull();
		});
	});

	it('refuses a direct delete from storage.objects unless the Storage API setting is on', async () => {
		await rolledBack(async (client) => {
			await client.query("insert into storage.buckets (id, name) values ('b', 'b')");
			await client.query("insert into storage.objects (bucket_id, name) values ('b', 'f/1.pdf')");
			const refused = await failure(client, 'delete from storage.objects');
			expect(refused).toMatchObject({
				code: '42501',
				message: expect.stringContaining('Direct deletion from storage tables is not allowed')
			});
			expect(await failure(client, 'delete from storage.buckets')).toMatchObject({ code: '42501' });
			// What the Storage API sets in each of its transactions.
			await client.query("select set_config('storage.allow_delete_query', 'true', true)");
			const deleted = await client.query('delete from storage.objects');
			expect(deleted.rowCount).toBe(1);
		});
	});

	it('lets postgres manage policies on storage.objects (supautils) but not alter the table', async () => {
		await rolledBack(async (client) => {
			await client.query(
				"create policy fixture_probe on storage.objects for select to authenticated using (bucket_id = 'b')"
			);
			await client.query(
				'alter policy fixture_probe on storage.objects using (bucket_id = (select auth.uid())::text)'
			);
			const { rows } = await client.query(`
				select relowner::regrole::text as owner,
					(select count(*)::int from pg_policies where policyname = 'fixture_probe') as policies
				from pg_class where oid = 'storage.objects'::regclass
			`);
			expect(rows[0]).toEqual({ owner: 'supabase_storage_admin', policies: 1 });
			await client.query('drop policy fixture_probe on storage.objects');
			for (const statement of [
				'alter table storage.objects add column extra int',
				'alter table storage.objects disable trigger protect_objects_delete',
				'drop table storage.objects',
				'create table storage.mine (id int)'
			]) {
				expect(await failure(client, statement), statement).toMatchObject({ code: '42501' });
			}
		});
	});

	it('reads the claims PostgREST sets: auth.uid(), auth.jwt(), auth.role(), auth.email()', async () => {
		const sub = crypto.randomUUID();
		const row = await rolledBack(async (client) => {
			const claims = { sub, role: 'authenticated', email: 'claims@example.org', aal: 'aal1' };
			await client.query("select set_config('request.jwt.claims', $1, true)", [
				JSON.stringify(claims)
			]);
			await client.query('set local role authenticated');
			const { rows } = await client.query(
				"select auth.uid() as uid, auth.role() as role, auth.email() as email, auth.jwt() ->> 'aal' as aal, current_user as current"
			);
			return rows[0];
		});
		expect(row).toEqual({
			uid: sub,
			role: 'authenticated',
			email: 'claims@example.org',
			aal: 'aal1',
			current: 'authenticated'
		});
	});
});
