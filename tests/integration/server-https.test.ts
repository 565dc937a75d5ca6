import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  requestJson,
  startCountyServer,
  type CountyServer,
} from '../helpers/county-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const OPENSSL = '/usr/bin/openssl';
const haveOpenssl = existsSync(OPENSSL);

const temp = makeTempDir('county-tls');
const certFile = join(temp.dir, 'cert.pem');
const keyFile = join(temp.dir, 'key.pem');
let server: CountyServer | undefined;

beforeAll(async () => {
  if (!haveOpenssl) return;
  execFileSync(
    OPENSSL,
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  server = await startCountyServer({
    args: ['--tls-cert', certFile, '--tls-key', keyFile],
    ca: readFileSync(certFile),
  });
});

afterAll(async () => {
  await server?.stop();
  temp.remove();
});

// Skipped only where /usr/bin/openssl is missing, because the test needs it
// to make its self-signed certificate.
describe.skipIf(!haveOpenssl)('server over HTTPS', () => {
  it('serves the sync API over TLS', async () => {
    expect(server?.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await requestJson(`${server?.url}/health`, {
      ca: readFileSync(certFile),
    });
    expect(health.status).toBe(200);
    const kiosk = await server?.enrolKiosk();
    const snapshot = await server?.kiosk(kiosk!, 'GET', '/api/v1/sync/snapshot');
    expect(snapshot?.status).toBe(200);
  });

  it('untrusted certificate is refused', async () => {
    await expect(requestJson(`${server?.url}/health`)).rejects.toThrow(
      /self-signed|certificate/i,
    );
  });
});
