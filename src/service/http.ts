/** The HTTP endpoint: health, readiness, Prometheus metrics and the run-now request. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Logger } from 'pino';

import { ActionableError } from '../errors.js';
import { redact } from './redact.js';

/** Result of a run-now request. */
export type RunRequestResult = { started: true; scanId: number } | { started: false; reason: string };

/** Callbacks into the service that the HTTP endpoint calls. */
export interface HttpHandlers {
  /** Throws when the process cannot do its work, such as an unusable store. */
  health(): void;
  readiness(): { ready: boolean; reason: string };
  metrics(): Promise<{ contentType: string; body: string }>;
  requestRun(): RunRequestResult;
}

/** Returns true when `presented` equals `expected`, in time independent of where they differ. */
export function tokensMatch(presented: string, expected: string): boolean {
  // Hashing first gives equal lengths, which timingSafeEqual requires, without leaking the length.
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Starts the HTTP server and resolves once it listens. `token` undefined disables POST /run. */
export async function startHttpServer(
  listen: { host: string; port: number },
  token: string | undefined,
  handlers: HttpHandlers,
  log: Logger,
): Promise<Server> {
  const server = createServer((request, response) => {
    handle(request, response, token, handlers).catch((error: unknown) => {
      log.error({ error: redact((error as Error).message), path: request.url?.split('?')[0] }, 'HTTP request failed');
      send(response, 500, 'internal error; see the service log\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${listen.host}:${listen.port}`;
      reject(new ActionableError(`cannot listen on ${where} (${error.code ?? error.message}); free the port or change service.http.listen`));
    });
    server.listen(listen.port, listen.host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  log.info({ address: address.address, port: address.port }, 'HTTP server listening');
  return server;
}

async function handle(request: IncomingMessage, response: ServerResponse, token: string | undefined, handlers: HttpHandlers): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (path === '/healthz' && isRead(request)) {
    handlers.health();
    send(response, 200, 'ok\n');
  } else if (path === '/readyz' && isRead(request)) {
    const { ready, reason } = handlers.readiness();
    send(response, ready ? 200 : 503, `${reason}\n`);
  } else if (path === '/metrics' && isRead(request)) {
    const { contentType, body } = await handlers.metrics();
    send(response, 200, body, contentType);
  } else if (path === '/run') {
    handleRun(request, response, token, handlers);
  } else {
    send(response, 404, 'not found; use /healthz, /readyz, /metrics or POST /run\n');
  }
}

function handleRun(request: IncomingMessage, response: ServerResponse, token: string | undefined, handlers: HttpHandlers): void {
  if (request.method !== 'POST') {
    response.setHeader('Allow', 'POST');
    send(response, 405, 'use POST /run\n');
    return;
  }
  if (token === undefined) {
    send(response, 403, 'run-now is disabled: set service.http.tokenEnv and that environment variable\n');
    return;
  }
  const header = request.headers.authorization ?? '';
  const presented = /^Bearer (.+)$/.exec(header)?.[1];
  if (presented === undefined || !tokensMatch(presented, token)) {
    // RFC 6750 section 3: a missing or wrong bearer token gets 401 with a WWW-Authenticate challenge.
    response.setHeader('WWW-Authenticate', 'Bearer realm="driftgate"');
    send(response, 401, 'missing or wrong bearer token\n');
    return;
  }
  const result = handlers.requestRun();
  if (result.started) send(response, 202, `${JSON.stringify({ scanId: result.scanId })}\n`, 'application/json');
  else send(response, 409, `${result.reason}\n`);
}

function isRead(request: IncomingMessage): boolean {
  return request.method === 'GET' || request.method === 'HEAD';
}

function send(response: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  response.end(body);
}
