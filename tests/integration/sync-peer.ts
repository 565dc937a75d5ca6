// A small county server that implements main/contract/sync.ts over real HTTP
// on 127.0.0.1, for the sync client's tests. It keeps every change (no
// compaction unless asked), so a test can ask for the catalogue at any
// revision. Catalogue edits and revocation are plain method calls.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CLOCK_SKEW_LIMIT_MS,
  enrolRequestSchema,
  heartbeatRequestSchema,
  pushRequestSchema,
  type CatalogueType,
  type Change,
  type HeartbeatRequest,
  type OutboxEntry,
  type PushResult,
} from '../../main/contract/sync.js';

export interface PeerItem {
  type: CatalogueType;
  id: string;
  data: unknown;
}

interface LoggedChange {
  revision: number;
  type: CatalogueType;
  id: string;
  /** Null for a delete. */
  data: unknown;
}

interface Kiosk {
  id: string;
  secretHash: string;
  station: string;
  revoked: boolean;
}

function key(type: string, id: string): string {
  return `${type}:${id}`;
}

function canonical(value: unknown): string {
  return JSON.stringify(value);
}

export class SyncPeer {
  epoch: string = randomUUID();
  revision = 0;
  /** Changes with revision at or below this are dropped; older cursors get 410. */
  compactedThrough = 0;
  snapshotPageSize = 50;
  log: LoggedChange[] = [];
  /** Change logs of earlier epochs, so a test can check a kiosk still on one. */
  readonly archivedLogs = new Map<string, LoggedChange[]>();
  readonly records = new Map<string, OutboxEntry>();
  /** How often each record id was accepted (not duplicate): more than 1 is a bug. */
  readonly acceptedTimes = new Map<string, number>();
  readonly receivedPushes: number[] = [];
  readonly heartbeats: HeartbeatRequest[] = [];
  private readonly kiosks = new Map<string, Kiosk>();
  private readonly codes = new Map<string, string>();
  /** Called on each authenticated sync request before it is handled; a test may kill the client here. */
  onRequest: ((route: string) => void) | null = null;
  private server: Server | null = null;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.reply(response, 500, {
          error: { code: 'INTERNAL', message: String(error) },
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Issues a one-time enrolment code for a station. */
  issueCode(station = '宜川县零工市场'): string {
    const code = randomBytes(6).toString('hex');
    this.codes.set(code, station);
    return code;
  }

  revoke(kioskId: string): void {
    const kiosk = this.kiosks.get(kioskId);
    if (kiosk) kiosk.revoked = true;
  }

  upsert(type: CatalogueType, id: string, data: unknown): number {
    this.revision++;
    this.log.push({ revision: this.revision, type, id, data });
    return this.revision;
  }

  remove(type: CatalogueType, id: string): number {
    this.revision++;
    this.log.push({ revision: this.revision, type, id, data: null });
    return this.revision;
  }

  /**
   * Simulates a restore from a backup taken at `backupRevision` (default:
   * now): a new epoch, the changes after the backup gone, every old cursor
   * expired.
   */
  restore(backupRevision = this.revision): void {
    this.archivedLogs.set(this.epoch, this.log);
    this.log = this.log.filter((change) => change.revision <= backupRevision);
    this.revision = Math.min(this.revision, backupRevision);
    this.compactedThrough = Math.min(this.compactedThrough, backupRevision);
    this.epoch = randomUUID();
  }

  /** Live items at a revision of an epoch (default: the current one), by `type:id`. */
  catalogueAt(revision: number, epoch: string = this.epoch): Map<string, PeerItem> {
    const log = epoch === this.epoch ? this.log : this.archivedLogs.get(epoch);
    if (log === undefined) throw new Error(`Unknown epoch ${epoch}`);
    const items = new Map<string, PeerItem>();
    for (const change of log) {
      if (change.revision > revision) break;
      const k = key(change.type, change.id);
      if (change.data === null) items.delete(k);
      else items.set(k, { type: change.type, id: change.id, data: change.data });
    }
    return items;
  }

  private reply(response: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  }

  private fail(
    response: ServerResponse,
    status: number,
    code: string,
    message: string,
  ): void {
    this.reply(response, status, { error: { code, message } });
  }

  private authenticate(request: IncomingMessage, response: ServerResponse): Kiosk | null {
    const match = /^Bearer ([^.]+)\.(.+)$/u.exec(request.headers.authorization ?? '');
    const kiosk = match ? this.kiosks.get(match[1]!) : undefined;
    const hash = match ? createHash('sha256').update(match[2]!).digest('hex') : '';
    if (kiosk === undefined || kiosk.secretHash !== hash) {
      this.fail(response, 401, 'UNAUTHORIZED', 'Missing or invalid kiosk credential.');
      return null;
    }
    if (kiosk.revoked) {
      this.fail(response, 403, 'KIOSK_REVOKED', 'This kiosk was revoked.');
      return null;
    }
    return kiosk;
  }

  private async body(request: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  }

  private async handle(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const route = `${request.method} ${url.pathname}`;
    if (route === 'POST /api/v1/enrol') return this.enrol(request, response);
    if (this.authenticate(request, response) === null) return;
    this.onRequest?.(route);
    switch (route) {
      case 'GET /api/v1/sync/changes':
        return this.changes(url, response);
      case 'GET /api/v1/sync/snapshot':
        return this.snapshot(url, response);
      case 'POST /api/v1/sync/push':
        return this.push(request, response);
      case 'POST /api/v1/heartbeat':
        return this.heartbeat(request, response);
      default:
        return this.fail(response, 404, 'NOT_FOUND', `No route ${route}`);
    }
  }

  private async enrol(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const parsed = enrolRequestSchema.safeParse(await this.body(request));
    const station = parsed.success ? this.codes.get(parsed.data.code) : undefined;
    if (!parsed.success || station === undefined) {
      return this.fail(response, 401, 'UNAUTHORIZED', 'Unknown or used enrolment code.');
    }
    this.codes.delete(parsed.data.code);
    const secret = randomBytes(32).toString('base64url');
    const kiosk: Kiosk = {
      id: randomUUID(),
      secretHash: createHash('sha256').update(secret).digest('hex'),
      station,
      revoked: false,
    };
    this.kiosks.set(kiosk.id, kiosk);
    this.reply(response, 200, { kioskId: kiosk.id, secret, station });
  }

  private changes(url: URL, response: ServerResponse): void {
    const epoch = url.searchParams.get('epoch');
    const after = Number(url.searchParams.get('after'));
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 500), 1000);
    if (epoch !== this.epoch || after > this.revision || after < this.compactedThrough) {
      return this.fail(
        response,
        410,
        'CURSOR_EXPIRED',
        'Cursor expired; load a snapshot.',
      );
    }
    const pending = this.log.filter((change) => change.revision > after);
    const page = pending.slice(0, limit);
    const more = pending.length > page.length;
    const changes: Change[] = page.map((change) =>
      change.data === null
        ? { op: 'delete', revision: change.revision, type: change.type, id: change.id }
        : {
            op: 'upsert',
            revision: change.revision,
            type: change.type,
            id: change.id,
            data: change.data,
          },
    );
    const nextRevision = more ? page.at(-1)!.revision : this.revision;
    this.reply(response, 200, {
      changes,
      next: { epoch: this.epoch, revision: nextRevision },
      more,
    });
  }

  private snapshot(url: URL, response: ServerResponse): void {
    const token = url.searchParams.get('page');
    let position = { epoch: this.epoch, revision: this.revision, offset: 0 };
    if (token !== null) {
      position = JSON.parse(
        Buffer.from(token, 'base64url').toString('utf8'),
      ) as typeof position;
      if (position.epoch !== this.epoch) {
        return this.fail(response, 410, 'CURSOR_EXPIRED', 'Epoch changed; start again.');
      }
    }
    const items = [...this.catalogueAt(position.revision).values()];
    const slice = items.slice(position.offset, position.offset + this.snapshotPageSize);
    const nextOffset = position.offset + slice.length;
    const nextPage =
      nextOffset < items.length
        ? Buffer.from(JSON.stringify({ ...position, offset: nextOffset })).toString(
            'base64url',
          )
        : null;
    this.reply(response, 200, {
      cursor: { epoch: this.epoch, revision: position.revision },
      items: slice,
      nextPage,
    });
  }

  private async push(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const parsed = pushRequestSchema.safeParse(await this.body(request));
    if (!parsed.success)
      return this.fail(response, 400, 'INVALID_REQUEST', parsed.error.message);
    this.receivedPushes.push(parsed.data.entries.length);
    const results: PushResult[] = parsed.data.entries.map((entry) => {
      const known = this.records.get(entry.id);
      if (known !== undefined) {
        return canonical(known) === canonical(entry)
          ? { id: entry.id, status: 'duplicate' }
          : { id: entry.id, status: 'rejected', reason: 'id reused with other content' };
      }
      const rating = entry.payload['rating'];
      if (
        entry.type === 'rating' &&
        (typeof rating !== 'number' || rating < 1 || rating > 5)
      ) {
        return { id: entry.id, status: 'rejected', reason: 'rating must be 1 to 5' };
      }
      this.records.set(entry.id, entry);
      this.acceptedTimes.set(entry.id, (this.acceptedTimes.get(entry.id) ?? 0) + 1);
      return { id: entry.id, status: 'accepted' };
    });
    this.reply(response, 200, { results });
  }

  private async heartbeat(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const parsed = heartbeatRequestSchema.safeParse(await this.body(request));
    if (!parsed.success)
      return this.fail(response, 400, 'INVALID_REQUEST', parsed.error.message);
    this.heartbeats.push(parsed.data);
    const now = Date.now();
    const offset = now - Date.parse(parsed.data.kioskTime);
    this.reply(response, 200, {
      serverTime: new Date(now).toISOString(),
      clockOffsetMs: offset,
      clockFlagged: Math.abs(offset) > CLOCK_SKEW_LIMIT_MS,
    });
  }
}
