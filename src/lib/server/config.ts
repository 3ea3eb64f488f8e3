import { resolve } from 'node:path';
import { z } from 'zod';

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
		SMTP_URL: z
			.string()
			.regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
			.optional(),
		MAIL_FROM: z.string().default('Welcome Atlas <no-reply@localhost>'),
		ORIGIN: z.url('must be the public URL of the site, e.g. https://atlas.example.org').optional(),
		SEED_DEMO: z.enum(['true', 'false']).optional()
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
	smtpUrl?: string;
	mailFrom: string;
	/** Seed the demo data when the database is new: default on in embedded mode only. */
	seedDemo: boolean;
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
		smtpUrl: e.SMTP_URL,
		mailFrom: e.MAIL_FROM,
		seedDemo: e.SEED_DEMO ? e.SEED_DEMO === 'true' : mode === 'embedded'
	};
}
