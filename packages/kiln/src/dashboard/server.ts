import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trialPagesOf, type Storage } from '../tuning/index.js';
import { dashboardAssets } from './assets.js';
import { ApiError, parseTrialQuery, studyChart, studyFacts, studyPage } from './studyApi.js';
import { StudySnapshots } from './studySnapshots.js';

/**
 * Scripts, styles, data and images only from the dashboard itself; no inline script or style, no
 * eval (the page runs Vega with its expression interpreter), no frames, forms or base URLs.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const securityHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

export interface DashboardOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host: string;
}

export interface RunningDashboard {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** A study's facts, its trials table, or one of its charts by name. */
const studyRoute = /^\/api\/studies\/(\d{1,9})(?:\/(trials)|\/charts\/([a-z0-9-]{1,64}))?$/;

/**
 * Serves the dashboard of `storage` (open it read-only: `storageFromUrl(url, { readOnly: true })`):
 * its assets and a JSON API answering GET and HEAD only, every other method 405, every other path 404.
 */
export function createDashboardServer(storage: Storage): Server {
  const assets = dashboardAssets();
  const pages = trialPagesOf(storage);
  const snapshots = new StudySnapshots(storage, pages);

  /** Answers with `body` as JSON, or 304 when the client already holds this `etag`. */
  const sendJson = (request: IncomingMessage, response: ServerResponse, body: unknown, etag?: string): void => {
    const headers: Record<string, string> = { ...securityHeaders, 'Cache-Control': 'no-cache' };
    if (etag !== undefined) {
      headers.ETag = etag;
      if (request.headers['if-none-match'] === etag) {
        response.writeHead(304, headers).end();
        return;
      }
    }
    const text = JSON.stringify(body);
    response
      .writeHead(200, {
        ...headers,
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(text),
      })
      .end(request.method === 'HEAD' ? undefined : text);
  };

  const sendError = (
    response: ServerResponse,
    status: number,
    message: string,
    extra: Record<string, string> = {},
  ): void => {
    const text = JSON.stringify({ error: message });
    response
      .writeHead(status, { ...securityHeaders, ...extra, 'Content-Type': 'application/json; charset=utf-8' })
      .end(text);
  };

  /** A strong ETag for what `digest` (the study's state) and `variant` (the query) determine. */
  const etagOf = (digest: string, variant: string): string =>
    `"${createHash('sha256').update(digest).update('\0').update(variant).digest('base64url').slice(0, 27)}"`;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendError(response, 405, `the dashboard is read-only: ${request.method} is not allowed`, { Allow: 'GET, HEAD' });
      return;
    }
    // Only the path is looked at, exactly as sent: '/x/../y' and '%2e%2e' match no route and no asset.
    const url = new URL(request.url ?? '/', 'http://dashboard.invalid');
    const asset = assets.get(url.pathname);
    if (asset) {
      const body = await readFile(asset.file);
      response
        .writeHead(200, {
          ...securityHeaders,
          'Content-Type': asset.type,
          'Content-Length': body.length,
          'Cache-Control': 'no-cache',
        })
        .end(request.method === 'HEAD' ? undefined : body);
      return;
    }
    if (url.pathname === '/api/studies') {
      const studies = await storage.getAllStudies();
      sendJson(request, response, studies);
      return;
    }
    const match = studyRoute.exec(url.pathname);
    if (!match) {
      sendError(response, 404, `nothing at ${url.pathname}`);
      return;
    }
    const studyId = Number(match[1]);
    try {
      await storage.getStudyName(studyId);
    } catch {
      sendError(response, 404, `no study with id ${studyId}`);
      return;
    }
    const digest = await pages.getStudyDigest(studyId);
    const [, , trials, chart] = match;
    if (trials) {
      const query = parseTrialQuery(url.searchParams);
      const etag = etagOf(digest.version, JSON.stringify(query));
      if (request.headers['if-none-match'] === etag) return sendJson(request, response, null, etag);
      return sendJson(request, response, await studyPage(pages, studyId, query), etag);
    }
    if (chart) {
      const etag = etagOf(digest.version, `chart:${chart}`);
      if (request.headers['if-none-match'] === etag) return sendJson(request, response, null, etag);
      return sendJson(request, response, await studyChart(snapshots, studyId, digest, chart), etag);
    }
    const etag = etagOf(digest.version, 'facts');
    if (request.headers['if-none-match'] === etag) return sendJson(request, response, null, etag);
    return sendJson(request, response, await studyFacts(storage, pages, studyId, digest), etag);
  };

  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return response.destroy();
      if (error instanceof ApiError) sendError(response, error.status, error.message);
      else sendError(response, 500, (error as Error).message);
    });
  });
}

/** Starts serving on `host:port`; resolves once listening, with the URL to open. */
export async function startDashboard(storage: Storage, options: DashboardOptions): Promise<RunningDashboard> {
  const server = createDashboardServer(storage);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    server,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
