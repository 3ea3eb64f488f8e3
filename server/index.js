/**
 * The production server: `npm run build`, then `node server` (what `npm start` runs). It is
 * adapter-node's request handler (build/handler.js, SvelteKit's "custom server") behind one step
 * that puts the security headers of server/headers.js on every response. `node build` would
 * serve static files and `_app/immutable` assets before any SvelteKit hook runs, without them.
 *
 * Environment: everything adapter-node's handler reads (ORIGIN, BODY_SIZE_LIMIT, PROTOCOL_HEADER,
 * ADDRESS_HEADER, XFF_DEPTH, …) works as documented for adapter-node, and PORT (3000), HOST
 * (0.0.0.0), SHUTDOWN_TIMEOUT (30 s), KEEP_ALIVE_TIMEOUT and HEADERS_TIMEOUT as in `node build`.
 * Not supported: SOCKET_PATH, IDLE_TIMEOUT and systemd socket activation.
 */
import http from 'node:http';
import process from 'node:process';
import { isHttpsOrigin, securityHeaders } from './headers.js';

// Documents may be up to 10 MB; adapter-node refuses bodies over 512 KB unless told otherwise.
// Set before the handler loads: it reads its environment once, when imported.
process.env.BODY_SIZE_LIMIT ??= '11M';
// Importing the handler also runs the app's `init` (migrations) before anything listens.
const { handler } = await import('../build/handler.js');

const host = process.env.HOST || '0.0.0.0';
const port = Number(process.env.PORT || 3000);
const shutdownSeconds = Number(process.env.SHUTDOWN_TIMEOUT || 30);

const addHeaders = securityHeaders({ https: isHttpsOrigin(process.env.ORIGIN) });

const server = http.createServer((req, res) => {
	addHeaders(res);
	// adapter-node's handler answers every request itself (404s included); `next` is never reached.
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Not Found');
	});
});

// Optional, in seconds, as for `node build`.
if (process.env.KEEP_ALIVE_TIMEOUT)
	server.keepAliveTimeout = 1000 * Number(process.env.KEEP_ALIVE_TIMEOUT);
if (process.env.HEADERS_TIMEOUT) server.headersTimeout = 1000 * Number(process.env.HEADERS_TIMEOUT);

server.listen(port, host, () => console.log(`Listening on http://${host}:${port}`));

/** Set once shutting down: the timer that cuts connections still open after SHUTDOWN_TIMEOUT. */
let forceClose;

/**
 * As adapter-node does on SIGTERM/SIGINT: stop accepting, let requests in flight finish (idle
 * keep-alive connections are closed at once), cut the rest after SHUTDOWN_TIMEOUT, then tell the
 * app (`sveltekit:shutdown`), which closes its database so that the process can exit.
 */
function shutdown(reason) {
	if (forceClose) return;
	server.closeIdleConnections();
	server.close((error) => {
		if (error) return;
		clearTimeout(forceClose);
		process.emit('sveltekit:shutdown', reason);
	});
	forceClose = setTimeout(() => server.closeAllConnections(), shutdownSeconds * 1000);
}

server.on('request', (req) => {
	// While shutting down, a keep-alive connection is closed as soon as its request is done.
	req.on('close', () => forceClose && server.closeIdleConnections());
});

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
