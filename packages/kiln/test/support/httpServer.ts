import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A throwaway HTTP server on 127.0.0.1 for download tests (no network needed). */
export interface TestHttpServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  /** Paths requested so far, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startTestHttpServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<TestHttpServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Serves fixed bodies by path; anything else is a 404. */
export function serveFiles(
  files: Record<string, Uint8Array>,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const body = files[request.url ?? ''];
    if (!body) {
      response.writeHead(404).end('not found');
      return;
    }
    response
      .writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/octet-stream' })
      .end(body);
  };
}
