// Site administrators, in every mode: `npm run admin -- grant <email>`, `revoke <email>`, `list`.
// Uses the same environment as the server (.env is read when present). In embedded mode, stop
// the dev server first: one PGlite directory cannot be open in two processes.
import { existsSync } from 'node:fs';
import {
	findAccountByEmail,
	grantSiteAdminByEmail,
	listSiteAdmins,
	revokeSiteAdmin
} from '../src/lib/server/auth/admin';
import { loadConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db';

const USAGE = 'Usage: npm run admin -- grant <email> | revoke <email> | list';

if (existsSync('.env')) process.loadEnvFile('.env');
const [command, email] = process.argv.slice(2);
if (!command || !['grant', 'revoke', 'list'].includes(command) || (command !== 'list' && !email)) {
	console.error(USAGE);
	process.exit(2);
}

const database = await openDatabase(loadConfig(process.env));
try {
	if (command === 'list') {
		const admins = await listSiteAdmins(database.db);
		console.log(admins.length ? admins.join('\n') : 'No site admins yet.');
	} else if (command === 'grant') {
		const outcome = await grantSiteAdminByEmail(database.db, email ?? '');
		if (outcome === 'granted') {
			console.log(`${email} is now a site admin.`);
		} else {
			console.error(
				outcome === 'no_account'
					? `No account with the email ${email}. Sign up first, then grant.`
					: `The account ${email} has not confirmed its email address yet, so it may not be ` +
							`its owner's. Ask them to follow the link mailed at sign-up (or to sign in ` +
							`with an email link), then grant again.`
			);
			process.exitCode = 1;
		}
	} else {
		const account = await findAccountByEmail(database.db, email ?? '');
		if (!account) {
			console.error(`No account with the email ${email}.`);
			process.exitCode = 1;
		} else {
			await revokeSiteAdmin(database.db, account.id);
			console.log(`${email} is no longer a site admin.`);
		}
	}
} finally {
	await database.close();
}
