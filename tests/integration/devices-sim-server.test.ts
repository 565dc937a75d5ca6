import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorConfig } from '../../main/devices/config.js';
import { DeviceManager } from '../../main/devices/manager.js';
import {
  SIM_TOKEN_HEADER,
  startSimServer,
  type SimServer,
} from '../../main/devices/sim-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('simulator control server', () => {
  const temp = makeTempDir('devices-sim-server');
  let manager: DeviceManager;
  let server: SimServer;
  let base: string;

  beforeAll(async () => {
    manager = await DeviceManager.start({
      dataDir: temp.dir,
      config: simulatorConfig(),
      stationName: '宜川县零工市场',
      printerPollMs: 300,
      reconnectMs: 300,
    });
    server = await startSimServer(manager);
    base = `http://127.0.0.1:${server.port}/sim`;
  });

  afterAll(async () => {
    await server.close();
    await manager.stop();
    temp.remove();
  });

  function post(path: string, body: unknown, token = server.token) {
    return fetch(`${base}/api/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIM_TOKEN_HEADER]: token },
      body: JSON.stringify(body),
    });
  }

  it('rejects a call without the token', async () => {
    const response = await post('card/place', {}, '');
    expect(response.status).toBe(401);
    expect(manager.simulators?.idcard?.hasCard).toBe(false);
  });

  it('rejects a wrong token', async () => {
    const response = await post('card/place', {}, 'x'.repeat(server.token.length));
    expect(response.status).toBe(401);
  });

  it('rejects a foreign origin', async () => {
    const response = await fetch(`${base}/api/status`, {
      headers: { origin: 'http://example.com', [SIM_TOKEN_HEADER]: server.token },
    });
    expect(response.status).toBe(403);
  });

  it('places and removes the card', async () => {
    expect((await post('card/place', {})).status).toBe(200);
    expect(manager.simulators?.idcard?.hasCard).toBe(true);
    expect((await post('card/remove', {})).status).toBe(200);
    expect(manager.simulators?.idcard?.hasCard).toBe(false);
  });

  it('sets and clears a printer fault', async () => {
    expect((await post('printer/fault', { fault: 'paper-out', on: true })).status).toBe(
      200,
    );
    expect(manager.simulators?.printer?.activeFaults).toEqual(['paper-out']);
    expect((await post('faults/clear', {})).status).toBe(200);
    expect(manager.simulators?.printer?.activeFaults).toEqual([]);
  });

  it('rejects an unknown fault', async () => {
    const response = await post('printer/fault', { fault: 'on-fire', on: true });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string };
    expect(body.error).toContain('paper-out');
  });

  it('rejects a control without its simulator', async () => {
    const response = await post('scan', { text: 'x' });
    expect(response.status).toBe(409);
    const body = (await response.json()) as { error: string };
    expect(body.error).toContain('scanner is not connected');
  });

  it('reports status with the token', async () => {
    const response = await fetch(`${base}/api/status`, {
      headers: { [SIM_TOKEN_HEADER]: server.token },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { devices: { id: string }[]; card: boolean };
    expect(body.devices.map((device) => device.id)).toEqual([
      'idcard',
      'printer',
      'scanner',
    ]);
    expect(body.card).toBe(false);
  });

  it('serves the control page', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('设备模拟器');
  });
});
