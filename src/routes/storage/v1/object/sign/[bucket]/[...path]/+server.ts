import { serveSignedDownload } from '$lib/server/storage';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => serveSignedDownload(event);
