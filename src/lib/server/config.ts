import { resolve } from 'node:path';
import { z } from 'zod';

// A publishable or anon key here would pass every Storage call and delete nothing (the policies
// hide the files from it), so only a key that bypasses them is accepted.
const SecretKey = z
	.string()
	.refine(
		(key) => /^sb_secret_[A-Za-z0-9_-]+$/.test(key) || jwtRole(key) === 'service_role',
		"must be the project's secret key (sb_secret_…) or its legacy service_role key, not the publishable or anon key"
	);

/**
 * Everything the server reads from the environment, validated once at start. A bad value stops
 * the server with a message naming the variable instead of failing later on a request.
 */
const EnvSchema = z
	.object({
		DATA_DIR: z.string().min(1).default('.data'),
		DATABASE_URL: z
			.string()
			.regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
			.optional(),
		DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
		PUBLIC_SUPABASE_URL: z.url('must be a URL like https://<ref>.supabase.co').optional(),
		PUBLIC_SUPABASE_PUBLISHABLE_KEY: z.string().min(20).optional(),
		PUBLIC_SUPABASE_ANON_KEY: z.string().min(20).optional(),
		SUPABASE_SECRET_KEY: SecretKey.optional(),
		SUPABASE_SERVICE_ROLE_KEY: SecretKey.optional(),
		SMTP_URL: z
			.string()
			.regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
			.optional(),
		MAIL_FROM: z.string().default('Welcome Atlas <no-reply@localhost>'),
		ORIGIN: z.url('must be the public URL of the site, e.g. https://atlas.example.org').optional(),
		SEED_DEMO: z.enum(['true', 'false']).optional(),
		PAGE_CACHE: z.enum(['on', 'off']).default('on')
	})
	.superRefine((env, ctx) => {
		const supabaseKey = env.PUBLIC_SUPABASE_PUBLISHABLE_KEY ?? env.PUBLIC_SUPABASE_ANON_KEY;
		if (env.PUBLIC_SUPABASE_URL && !supabaseKey) {
			ctx.addIssue({
				code: 'custom',
				path: ['PUBLIC_SUPABASE_PUBLISHABLE_KEY'],
				message: 'is required with PUBLIC_SUPABASE_URL (or set PUBLIC_SUPABASE_ANON_KEY)'
			});
		}
		if (env.PUBLIC_SUPABASE_URL && !env.DATABASE_URL) {
			ctx.addIssue({
				code: 'custom',
				path: ['DATABASE_URL'],
				message:
					"is required in Supabase mode: the project's Postgres connection string (Settings → Database)"
			});
		}
	});

export type Mode = 'embedded' | 'postgres' | 'supabase';

export interface Config {
	mode: Mode;
	dataDir: string;
	databaseUrl?: string;
	poolMax: number;
	supabase?: { url: string; key: string };
	/**
	 * Supabase's secret key, for the retention job alone: it deletes closed groups' files through
	 * the Storage API, which bypasses the bucket policies. Nothing that acts for a user may use it.
	 */
	retentionSecretKey?: string;
	smtpUrl?: string;
	mailFrom: string;
	/** Seed the demo data when the database is new: default on in embedded mode only. */
	seedDemo: boolean;
	/** Serve anonymous public pages from the page cache (src/lib/server/http/page-cache.ts). */
	pageCache?: boolean;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>): Config {
	// Empty strings (VAR= in a .env file) mean "not set".
	const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
	const parsed = EnvSchema.safeParse(present);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
		throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
	}
	const e = parsed.data;
	const key = e.PUBLIC_SUPABASE_PUBLISHABLE_KEY ?? e.PUBLIC_SUPABASE_ANON_KEY;
	const mode: Mode = e.PUBLIC_SUPABASE_URL ? 'supabase' : e.DATABASE_URL ? 'postgres' : 'embedded';
	return {
		mode,
		dataDir: resolve(e.DATA_DIR),
		databaseUrl: e.DATABASE_URL,
		poolMax: e.DATABASE_POOL_MAX,
		supabase: e.PUBLIC_SUPABASE_URL && key ? { url: e.PUBLIC_SUPABASE_URL, key } : undefined,
		// Only Supabase mode has files the job cannot delete itself; elsewhere the key is ignored.
		retentionSecretKey:
			mode === 'supabase' ? (e.SUPABASE_SECRET_KEY ?? e.SUPABASE_SERVICE_ROLE_KEY) : undefined,
		smtpUrl: e.SMTP_URL,
		mailFrom: e.MAIL_FROM,
		seedDemo: e.SEED_DEMO ? e.SEED_DEMO === 'true' : mode === 'embedded',
		pageCache: e.PAGE_CACHE === 'on'
	};
}

/** The `role` claim of a JWT's payload, unverified: enough to tell a service_role key apart. */
function jwtRole(token: string): unknown {
	const payload = token.split('.')[1];
	if (!payload) return undefined;
	try {
		return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { role?: unknown })
			.role;
	} catch {
		return undefined;
	}
}
