import { describeHostile } from './suite';
import { isPublicKey } from './slices';

// The read endpoints: map, search, exports and feeds, with hostile query strings and ids.
await describeHostile('read endpoints', (key) => isPublicKey(key) && key.startsWith('GET '));
