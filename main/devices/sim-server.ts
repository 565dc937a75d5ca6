// Demo controls of the device simulators on a separate loopback-only web
// server: place or remove the simulated card, set printer faults, pull and
// plug a simulated cable. Staff and tests use it; the citizen's kiosk screen
// has no route to it, and every action needs this server's own token.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PRINTER_FAULTS } from '../../native/escpos/index.js';
import { IDCARD_FAULTS } from '../../native/idcard/index.js';
import { createLogger } from '../log.js';
import { CONTENT_SECURITY_POLICY, loopbackOrigins } from '../host/security.js';
import type { DeviceManager } from './manager.js';

const log = createLogger('sim-server');

export const SIM_TOKEN_HEADER = 'x-sim-token';

export interface SimServer {
  port: number;
  token: string;
  /** The control page, with the token in its fragment. */
  url: string;
  close: () => Promise<void>;
}

const faultBody = z.object({ fault: z.string(), on: z.boolean() }).strict();
const deviceBody = z
  .object({ device: z.enum(['idcard', 'printer', 'scanner']) })
  .strict();
const scanBody = z.object({ text: z.string().min(1).max(2000) }).strict();

/** Starts the control server on 127.0.0.1:`port` (0 picks a free port). */
export async function startSimServer(
  devices: DeviceManager,
  port = 0,
): Promise<SimServer> {
  const simulators = devices.simulators;
  if (simulators === null)
    throw new Error('No device runs on a simulator, so there is nothing to control.');
  const token = randomBytes(24).toString('base64url');
  const expected = Buffer.from(token);
  const app = Fastify({ logger: false, bodyLimit: 4 * 1024 });
  let allowed = loopbackOrigins(0);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!allowed.hosts.has(request.headers.host ?? '')) {
      return reply.code(421).send({ ok: false, error: 'Unexpected Host header.' });
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !allowed.origins.has(origin)) {
      return reply
        .code(403)
        .send({ ok: false, error: 'Requests from other origins are not allowed.' });
    }
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('X-Content-Type-Options', 'nosniff');
    if (
      request.url.startsWith('/sim/api/') &&
      !tokenMatches(expected, request.headers[SIM_TOKEN_HEADER])
    ) {
      log.warn({ url: request.url }, 'simulator control without a valid token rejected');
      return reply
        .code(401)
        .send({ ok: false, error: 'Missing or wrong simulator token.' });
    }
    return undefined;
  });

  // A control for a device that is not simulated raises a plain Error.
  app.setErrorHandler((error, request, reply) => {
    const message = error instanceof Error ? error.message : String(error);
    log.warn({ url: request.url, err: message }, 'simulator control failed');
    return reply.code(409).send({ ok: false, error: message });
  });

  app.get('/sim/', (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(PAGE),
  );
  app.get('/sim/sim.js', (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(PAGE_SCRIPT),
  );

  app.get('/sim/api/status', () => ({
    ok: true,
    devices: devices.status(),
    card: simulators.idcard?.hasCard ?? null,
    readerFaults: simulators.idcard?.activeFaults ?? [],
    printerFaults: simulators.printer?.activeFaults ?? [],
    lastCapture: describeLastCapture(simulators.lastCapture?.textPath),
  }));

  app.post('/sim/api/card/place', () => run(() => simulators.placeCard()));
  app.post('/sim/api/card/remove', () => run(() => simulators.removeCard()));
  app.post('/sim/api/faults/clear', () => run(() => simulators.clearFaults()));

  app.post('/sim/api/printer/fault', (request, reply) => {
    const body = faultBody.safeParse(request.body);
    const fault = body.success
      ? PRINTER_FAULTS.find((name) => name === body.data.fault)
      : undefined;
    if (!body.success || fault === undefined) {
      return reply.code(400).send({
        ok: false,
        error: `Expected {fault, on} with fault one of: ${PRINTER_FAULTS.join(', ')}.`,
      });
    }
    return run(() => simulators.setPrinterFault(fault, body.data.on));
  });

  app.post('/sim/api/card/fault', (request, reply) => {
    const body = faultBody.safeParse(request.body);
    const fault = body.success
      ? IDCARD_FAULTS.find((name) => name === body.data.fault)
      : undefined;
    if (!body.success || fault === undefined) {
      return reply.code(400).send({
        ok: false,
        error: `Expected {fault, on} with fault one of: ${IDCARD_FAULTS.join(', ')}.`,
      });
    }
    return run(() => simulators.setCardFault(fault, body.data.on));
  });

  app.post('/sim/api/scan', async (request, reply) => {
    const body = scanBody.safeParse(request.body);
    if (!body.success) {
      return reply
        .code(400)
        .send({ ok: false, error: 'Expected {text} of 1 to 2000 characters.' });
    }
    await simulators.scan(body.data.text);
    return { ok: true };
  });

  for (const action of ['unplug', 'replug'] as const) {
    app.post(`/sim/api/${action}`, async (request, reply) => {
      const body = deviceBody.safeParse(request.body);
      if (!body.success)
        return reply.code(400).send({
          ok: false,
          error: 'Expected {device: "idcard" | "printer" | "scanner"}.',
        });
      await simulators[action](body.data.device);
      return { ok: true };
    });
  }

  await app.listen({ host: '127.0.0.1', port });
  const address = app.server.address();
  if (address === null || typeof address === 'string')
    throw new Error('Simulator server has no TCP address.');
  allowed = loopbackOrigins(address.port);
  log.info({ port: address.port }, 'simulator controls listening');
  return {
    port: address.port,
    token,
    url: `http://127.0.0.1:${address.port}/sim/#token=${token}`,
    close: async () => {
      await app.close();
      log.info({ port: address.port }, 'simulator controls stopped');
    },
  };
}

/** Returns the last capture's decoded text, or null when there is none or its file is gone. */
function describeLastCapture(
  textPath: string | undefined,
): { textPath: string; text: string } | null {
  if (textPath === undefined) return null;
  try {
    return { textPath, text: readFileSync(textPath, 'utf8') };
  } catch {
    return null;
  }
}

function run(action: () => void): { ok: true } {
  action();
  return { ok: true };
}

function tokenMatches(expected: Buffer, header: unknown): boolean {
  if (typeof header !== 'string') return false;
  const candidate = Buffer.from(header);
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

const PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>设备模拟器（工作人员）</title>
<style>body{font:18px sans-serif;margin:2em}button{font-size:18px;margin:.3em;padding:.4em 1em}pre{background:#eee;padding:1em;white-space:pre-wrap}</style>
</head><body>
<h1>设备模拟器（工作人员专用）</h1>
<section><h2>身份证读卡器</h2>
<button data-post="card/place">放置身份证</button><button data-post="card/remove">取走身份证</button>
<button data-post="unplug" data-device="idcard">拔出读卡器</button><button data-post="replug" data-device="idcard">插回读卡器</button></section>
<section><h2>打印机</h2>
<button data-post="printer/fault" data-fault="paper-out" data-on="true">缺纸</button>
<button data-post="printer/fault" data-fault="paper-near-end" data-on="true">纸将尽</button>
<button data-post="printer/fault" data-fault="cover-open" data-on="true">开盖</button>
<button data-post="faults/clear">清除故障</button>
<button data-post="unplug" data-device="printer">拔出打印机</button><button data-post="replug" data-device="printer">插回打印机</button></section>
<section><h2>扫码器（HID 模拟）</h2>
<input id="scan-text" value="6901234567892" aria-label="扫码内容"><button data-post="scan">扫码</button>
<button data-post="unplug" data-device="scanner">拔出扫码器</button><button data-post="replug" data-device="scanner">插回扫码器</button></section>
<h2>状态</h2><pre id="status">…</pre>
<script src="sim.js"></script>
</body></html>`;

const PAGE_SCRIPT = `
const match = /token=([\\w-]+)/.exec(location.hash);
if (match) { sessionStorage.setItem('sim-token', match[1]); history.replaceState(null, '', location.pathname); }
const token = sessionStorage.getItem('sim-token') || '';
async function refresh() {
  const response = await fetch('api/status', { headers: { '${SIM_TOKEN_HEADER}': token } });
  document.getElementById('status').textContent = JSON.stringify(await response.json(), null, 2);
}
for (const button of document.querySelectorAll('button[data-post]')) {
  button.addEventListener('click', async () => {
    const body = {};
    if (button.dataset.device) body.device = button.dataset.device;
    if (button.dataset.post === 'scan') body.text = document.getElementById('scan-text').value;
    if (button.dataset.fault) { body.fault = button.dataset.fault; body.on = button.dataset.on === 'true'; }
    await fetch('api/' + button.dataset.post, {
      method: 'POST',
      headers: { 'content-type': 'application/json', '${SIM_TOKEN_HEADER}': token },
      body: JSON.stringify(body),
    });
    await refresh();
  });
}
refresh();
setInterval(refresh, 2000);
`;
