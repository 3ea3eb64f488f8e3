import { describeHostile } from './suite';

// Sponsor-group forms and downloads: the most sensitive data (families who fled persecution).
await describeHostile('sponsor groups', (key) => /\/(groups|calendar)\b/.test(key));
