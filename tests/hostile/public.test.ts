import { describeHostile } from './suite';
import { isPublicKey } from './slices';

// Sign-in, accounts, preferences, public reports, moderation, templates.
await describeHostile(
	'public and account forms',
	(key) => isPublicKey(key) && !/^(GET|LOAD) /.test(key)
);
