// Starts the real county server (server/cli.ts) as a child process on
// 127.0.0.1 with its own data folder and a free port, for integration tests
// on both sides of the sync protocol.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SyncJob } from '../../main/contract/sync.js';
import { makeTempDir } from './temp-dir.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

/** Sends one JSON request with node:http or node:https; `ca` trusts a test certificate. */
export function requestJson<T = unknown>(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: unknown;
    ca?: string | Buffer;
  } = {},
): Promise<JsonResponse<T>> {
  const target = new URL(url);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...options.headers };
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolvePromise, reject) => {
    const req = send(
      target,
      {
        method: options.method ?? 'GET',
        headers,
        ...(options.ca === undefined ? {} : { ca: options.ca }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text === '' ? null : JSON.parse(text);
          } catch {
            // Not JSON: the caller gets the text.
          }
          resolvePromise({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: body as T,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** What a kiosk gets from POST /api/v1/enrol, plus its Authorization header value. */
export interface KioskCredential {
  kioskId: string;
  secret: string;
  station: string;
  authorization: string;
}

export interface StartOptions {
  /** Data folder to use (kept on stop); default: a new temp folder, removed on stop. */
  dataDir?: string;
  /** Load the demo stations and catalogue (default false: only the station `test-station`). */
  demo?: boolean;
  /** More command-line arguments for server/cli.ts. */
  args?: string[];
  /** Certificate authority for HTTPS requests of the helper. */
  ca?: string | Buffer;
  timeoutMs?: number;
}

export interface CountyServer {
  url: string;
  dataDir: string;
  adminUsername: string;
  adminPassword: string;
  child: ChildProcess;
  /** Everything the server printed to stdout and stderr so far. */
  output(): string;
  /** Signs in as the initial administrator once and returns the session token. */
  adminToken(): Promise<string>;
  /** Calls the admin API as the initial administrator. */
  admin<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<JsonResponse<T>>;
  /** Calls the sync API with a kiosk credential. */
  kiosk<T = unknown>(
    credential: KioskCredential,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<JsonResponse<T>>;
  /** Creates an enrolment code for a station (default `test-station`, or the first demo station). */
  createEnrolmentCode(station?: string): Promise<string>;
  /** Creates a code and enrols a kiosk with it. */
  enrolKiosk(options?: { station?: string; name?: string }): Promise<KioskCredential>;
  /** Creates and publishes a job posting; returns its id and revision. */
  publishJob(overrides?: Partial<SyncJob>): Promise<{ id: string; revision: number }>;
  /** Reads every snapshot page for a kiosk, at `revision` (default: now). */
  snapshot(
    credential: KioskCredential,
    revision?: number,
  ): Promise<{
    cursor: { epoch: string; revision: number };
    items: { type: string; id: string; data: unknown }[];
  }>;
  /** Stops the server with SIGTERM (SIGKILL after 5 s) and removes a temp data folder. */
  stop(options?: { keepDataDir?: boolean }): Promise<void>;
}

/** Returns a valid job posting in wire form, with `overrides` applied. */
export function sampleJob(overrides: Partial<SyncJob> = {}): SyncJob {
  return {
    title: '苹果采摘工',
    employer: '宜川县测试果业合作社',
    kind: 'gig',
    category: '农业采摘',
    pay: { text: '150元/天', min: 150, max: 150, unit: 'day', negotiable: false },
    area: '集义镇',
    location: '集义镇果园',
    suShaan: false,
    headcount: 10,
    contactName: '王师傅',
    contactPhone: '0911-4000001',
    education: '不限',
    experience: '不限',
    requirements: '身体健康',
    benefits: '管午饭',
    postedOn: '2026-12-01',
    deadline: null,
    highlighted: false,
    stations: [],
    ...overrides,
  };
}

export const TEST_STATION = {
  id: 'test-station',
  name: '测试驿站',
  town: '丹州街道',
} as const;

const SERVER_LINE = /^server: (\S+)$/m;

/** Starts server/cli.ts under `node --import tsx` and waits for its `server: URL` line. */
export async function startCountyServer(
  options: StartOptions = {},
): Promise<CountyServer> {
  const temp = options.dataDir === undefined ? makeTempDir('county-server') : undefined;
  const dataDir = options.dataDir ?? temp?.dir ?? '';
  const demo = options.demo ?? false;
  const args = [
    '--import',
    'tsx',
    'server/cli.ts',
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--data-dir',
    dataDir,
  ];
  if (!demo) args.push('--no-demo');
  args.push(...(options.args ?? []));

  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));

  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `County server did not start within ${options.timeoutMs ?? 20_000} ms. Output:\n${output}`,
        ),
      );
    }, options.timeoutMs ?? 20_000);
    const onData = (): void => {
      const match = SERVER_LINE.exec(output);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolvePromise(match[1]);
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `County server exited (code ${code}, signal ${signal}) before starting. Output:\n${output}`,
        ),
      );
    });
  });

  const passwordFile = join(dataDir, 'admin-password.txt');
  const adminPassword = existsSync(passwordFile)
    ? readFileSync(passwordFile, 'utf8').trim()
    : '';
  let token: string | undefined;
  const ca = options.ca;

  const server: CountyServer = {
    url,
    dataDir,
    adminUsername: 'admin',
    adminPassword,
    child,
    output: () => output,
    async adminToken() {
      if (token !== undefined) return token;
      const response = await requestJson<{ token: string }>(`${url}/api/admin/sign-in`, {
        method: 'POST',
        body: { username: 'admin', password: adminPassword },
        ...(ca === undefined ? {} : { ca }),
      });
      if (response.status !== 200)
        throw new Error(
          `Admin sign-in failed: ${response.status} ${JSON.stringify(response.body)}`,
        );
      token = response.body.token;
      return token;
    },
    async admin(method, path, body) {
      const bearer = await server.adminToken();
      return requestJson(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${bearer}` },
        body,
        ...(ca === undefined ? {} : { ca }),
      });
    },
    kiosk(credential, method, path, body) {
      return requestJson(`${url}${path}`, {
        method,
        headers: { authorization: credential.authorization },
        body,
        ...(ca === undefined ? {} : { ca }),
      });
    },
    async createEnrolmentCode(station = demo ? 'danzhou-market' : TEST_STATION.id) {
      const response = await server.admin<{ code: string }>(
        'POST',
        '/api/admin/enrolment-codes',
        { station },
      );
      if (response.status !== 201)
        throw new Error(
          `Enrolment code failed: ${response.status} ${JSON.stringify(response.body)}`,
        );
      return response.body.code;
    },
    async enrolKiosk(enrolOptions = {}) {
      const code = await server.createEnrolmentCode(enrolOptions.station);
      const response = await requestJson<{
        kioskId: string;
        secret: string;
        station: string;
      }>(`${url}/api/v1/enrol`, {
        method: 'POST',
        body: { code, name: enrolOptions.name ?? 'test kiosk', version: '0.0.0-test' },
        ...(ca === undefined ? {} : { ca }),
      });
      if (response.status !== 200)
        throw new Error(
          `Enrolment failed: ${response.status} ${JSON.stringify(response.body)}`,
        );
      const { kioskId, secret, station } = response.body;
      return { kioskId, secret, station, authorization: `Bearer ${kioskId}.${secret}` };
    },
    async publishJob(overrides = {}) {
      const response = await server.admin<{ item: { id: string; revision: number } }>(
        'POST',
        '/api/admin/jobs',
        {
          data: sampleJob(overrides),
          publish: true,
        },
      );
      if (response.status !== 201)
        throw new Error(
          `Publishing failed: ${response.status} ${JSON.stringify(response.body)}`,
        );
      return { id: response.body.item.id, revision: response.body.item.revision };
    },
    async snapshot(credential, revision) {
      // The page token is the server's own format (server/store/sync-feed.ts):
      // base64url JSON of the epoch, the revision and the last key read.
      type Page = {
        cursor: { epoch: string; revision: number };
        items: { type: string; id: string; data: unknown }[];
        nextPage: string | null;
      };
      let page: string | null = null;
      if (revision !== undefined) {
        const state = await server.admin<{ epoch: string }>(
          'GET',
          '/api/admin/sync-state',
        );
        page = Buffer.from(
          JSON.stringify({ e: state.body.epoch, r: revision, t: '', i: '' }),
        ).toString('base64url');
      }
      const items: Page['items'] = [];
      let cursor: Page['cursor'] | undefined;
      do {
        const query: string = page === null ? '' : `?page=${encodeURIComponent(page)}`;
        const response: JsonResponse<Page> = await server.kiosk<Page>(
          credential,
          'GET',
          `/api/v1/sync/snapshot${query}`,
        );
        if (response.status !== 200)
          throw new Error(
            `Snapshot failed: ${response.status} ${JSON.stringify(response.body)}`,
          );
        cursor = response.body.cursor;
        items.push(...response.body.items);
        page = response.body.nextPage;
      } while (page !== null);
      return { cursor, items };
    },
    async stop(stopOptions = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolvePromise) =>
          child.once('exit', () => resolvePromise()),
        );
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      if (temp && !stopOptions.keepDataDir) temp.remove();
    },
  };

  if (!demo) {
    const response = await server.admin('PUT', `/api/admin/stations/${TEST_STATION.id}`, {
      name: TEST_STATION.name,
      town: TEST_STATION.town,
    });
    if (response.status !== 200) {
      await server.stop();
      throw new Error(
        `Creating the test station failed: ${response.status} ${JSON.stringify(response.body)}`,
      );
    }
  }
  return server;
}
