import { describeHostile } from './suite';
import { isPublicKey } from './slices';

// The read endpoints (map, search, exports, feeds) and the page loads that read the query
// string, with hostile query strings and ids.
await describeHostile('read endpoints', (key) => isPublicKey(key) && /^(GET|LOAD) /.test(key));
