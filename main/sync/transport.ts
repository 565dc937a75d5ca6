// One HTTP exchange with node:http or node:https. The sync client used
// fetch before. On Node 20 fetch's first request cost about 40 ms, because
// undici loads and compiles on first use, and each later one about four
// times a node:http request (measured on loopback). Node's global agents
// keep connections alive, drop idle ones after 5 s or the server's
// Keep-Alive hint, and do not keep the process running.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface Exchange {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  /** JSON text; sent with its Content-Length. */
  body: string | undefined;
  /** Aborts the request or the reading of its reply. */
  signal: AbortSignal;
}

export interface ExchangeReply {
  status: number;
  /** The whole reply body as UTF-8 text. */
  text: string;
}

/**
 * Sends one request without following redirects and reads the whole reply.
 * Rejects when the connection fails, the signal aborts, or the connection
 * closes before the reply ends.
 */
export function exchange(options: Exchange): Promise<ExchangeReply> {
  const send = options.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers = { ...options.headers };
  if (options.body !== undefined) {
    headers['content-length'] = String(Buffer.byteLength(options.body));
  }

  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => reject(error);
    const read = (response: IncomingMessage): void => {
      const chunks: Buffer[] = [];
      let ended = false;
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('end', () => {
        ended = true;
        resolve({
          status: response.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
      response.on('close', () => {
        if (!ended) fail(new Error('the connection closed before the reply ended'));
      });
    };

    const request = send(
      options.url,
      { method: options.method, headers, signal: options.signal },
      read,
    );
    request.on('error', fail);
    request.end(options.body);
  });
}
