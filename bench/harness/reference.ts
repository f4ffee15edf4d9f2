import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReferenceServer } from './types';

/** A bare node:http server for a reference implementation (no framework, no validation, no auth). */
export function bareHttpServer(
  handler: (request: IncomingMessage, body: string, response: ServerResponse) => Promise<void>,
): ReferenceServer {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      handler(request, Buffer.concat(chunks).toString('utf8'), response).catch((error: Error) => {
        response.statusCode = 500;
        response.end(error.message);
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  return {
    listen: () =>
      new Promise((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
      ),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function sendJson(response: ServerResponse, body: string): void {
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}
