import { describeHostile } from './suite';

// Organizers' campaign pages: editor, pipeline, documents, call to act, team.
await describeHostile('campaigns', (key) => key.includes('/organize'));
