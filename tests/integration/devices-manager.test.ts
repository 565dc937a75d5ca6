import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobDetail } from '../../main/contract/catalogue.js';
import { dispatch } from '../../main/contract/dispatch.js';
import { simulatorConfig } from '../../main/devices/config.js';
import { DeviceError } from '../../main/devices/errors.js';
import { createDeviceHandlers } from '../../main/devices/handlers.js';
import { DeviceManager } from '../../main/devices/manager.js';
import { CAPTURES_FOLDER } from '../../main/devices/simulators.js';
import type { ApiHandlers } from '../../main/contract/api.js';
import { deviceHealthSchema } from '../../main/contract/sync.js';
import { z } from 'zod';
import { TEST_CITIZEN } from '../../native/idcard/index.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait.js';

const JOB: JobDetail = {
  id: 7,
  title: '物业维修电工',
  employer: '丹州街道示例物业服务站',
  kind: 'full_time',
  category: '技术维修',
  area: '丹州街道',
  location: '城区滨河路',
  pay: { text: '4500-6000元/月', min: 4500, max: 6000, unit: 'month', negotiable: false },
  headcount: 2,
  postedOn: '2026-12-03',
  suShaan: false,
  isDemo: true,
  contactName: '李师傅',
  contactPhone: '13800000001',
  education: '初中及以上',
  experience: '1年以上',
  requirements: '持低压电工证',
  benefits: '包午餐',
  deadline: null,
  shareText: '物业维修电工\n单位：丹州街道示例物业服务站\n电话：李师傅 13800000001',
};

function stateOf(manager: DeviceManager, id: 'idcard' | 'printer'): string {
  return manager.status().find((device) => device.id === id)?.state ?? 'missing';
}

async function call(handlers: ApiHandlers, method: string, params: unknown) {
  return dispatch(handlers, method, params, (error) => {
    throw error;
  });
}

for (const link of ['socat', 'loopback'] as const) {
  describe(`device manager on ${link}`, () => {
    const temp = makeTempDir(`devices-${link}`);
    let manager: DeviceManager;
    let handlers: ApiHandlers;

    beforeAll(async () => {
      manager = await DeviceManager.start({
        dataDir: temp.dir,
        config: simulatorConfig(),
        stationName: '宜川县零工市场',
        forceLoopback: link === 'loopback',
        printerPollMs: 300,
        reconnectMs: 300,
      });
      handlers = createDeviceHandlers(manager, (id) => ({
        ...JOB,
        id,
      })) as unknown as ApiHandlers;
      await waitFor(() => stateOf(manager, 'idcard') === 'ready', 5000, 'reader ready');
      await waitFor(() => stateOf(manager, 'printer') === 'ready', 5000, 'printer ready');
    });

    afterEach(() => {
      manager.simulators?.clearFaults();
      manager.simulators?.flushCapture();
    });

    afterAll(async () => {
      await manager.stop();
      temp.remove();
    });

    it('uses the expected link', () => {
      expect(manager.simulators?.linkKind('idcard')).toBe(
        link === 'socat' ? 'serial' : 'loopback',
      );
      expect(manager.status().map((device) => device.simulated)).toEqual([
        true,
        true,
        false,
      ]);
    });

    it('reports heartbeat device health', () => {
      const devices = manager.heartbeatDevices();
      expect(z.array(deviceHealthSchema).safeParse(devices).success).toBe(true);
      expect(devices).toEqual([
        { device: 'idcard', state: 'ready', message: '读卡器就绪' },
        { device: 'printer', state: 'ready', message: '打印机就绪' },
        {
          device: 'scanner',
          state: 'ready',
          message: '键盘模式扫码枪，无法检测连接状态',
        },
      ]);
    });

    it('returns a placed card masked', async () => {
      const reading = call(handlers, 'idcard.read', { waitSeconds: 10 });
      setTimeout(() => manager.simulators?.placeCard(), 300);
      const envelope = await reading;
      expect(envelope).toEqual({
        ok: true,
        value: {
          name: '张*丰',
          idNumber: '610630********1236',
          cardType: 'resident',
          cardTypeLabel: '居民身份证',
        },
      });
      expect(manager.idcard?.currentCard()?.idNumber).toBe(TEST_CITIZEN.idNumber);
      manager.simulators?.removeCard();
    });

    it('answers NO_CARD after the wait', async () => {
      const envelope = await call(handlers, 'idcard.read', { waitSeconds: 1 });
      expect(envelope).toEqual({
        ok: false,
        error: { code: 'NO_CARD', message: '没有检测到身份证，请将身份证放在读卡区' },
      });
    });

    it('answers CARD_UNREADABLE for a bad read', async () => {
      manager.simulators?.setCardFault('bad-checksum', true);
      const reading = call(handlers, 'idcard.read', { waitSeconds: 10 });
      manager.simulators?.placeCard();
      const envelope = await reading;
      expect(envelope).toEqual({
        ok: false,
        error: { code: 'CARD_UNREADABLE', message: '读卡失败，请重新放置身份证' },
      });
      expect(stateOf(manager, 'idcard')).toBe('ready');
      manager.simulators?.removeCard();
    });

    it('prints a slip the capture decodes', async () => {
      const envelope = await call(handlers, 'print.jobSlip', { id: 7 });
      expect(envelope).toEqual({
        ok: true,
        value: { printed: true, message: '打印完成，请取走岗位单' },
      });
      const capture = manager.simulators?.flushCapture();
      expect(capture).toBeDefined();
      const lines = capture?.document.lines.map((line) => line.text) ?? [];
      expect(lines).toContain('物业维修电工');
      expect(lines.some((line) => line.includes('丹州街道示例物业服务站'))).toBe(true);
      expect(lines.some((line) => line.includes('4500-6000元/月'))).toBe(true);
      expect(lines.some((line) => line.includes('李师傅 13800000001'))).toBe(true);
      expect(capture?.document.qrCodes).toEqual([JOB.shareText]);
      expect(capture?.document.cuts).toEqual(['partial']);
      const text = readFileSync(capture?.textPath ?? '', 'utf8');
      expect(text).toContain('物业维修电工');
      expect(existsSync(capture?.rawPath ?? '')).toBe(true);
      expect(readdirSync(`${temp.dir}/${CAPTURES_FOLDER}`).length).toBeGreaterThanOrEqual(
        2,
      );
    });

    it('prints control bytes as text', async () => {
      const hostile = {
        ...JOB,
        title: '电工\u001b@\u001dV\u0000',
        employer: '单位\u0007<b>x</b>',
      };
      const printer = manager.printer;
      if (printer === null) throw new Error('The printer is not configured.');
      await printer.printJobSlip(hostile);
      const capture = manager.simulators?.flushCapture();
      const lines = capture?.document.lines.map((line) => line.text) ?? [];
      expect(lines.some((line) => line.startsWith('电工'))).toBe(true);
      expect(lines.some((line) => line.includes('单位<b>x</b>'))).toBe(true);
      expect(lines.join('\n')).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/u);
      expect(capture?.document.unknown).toEqual([]);
      expect(capture?.document.items.filter((item) => item.kind === 'init')).toHaveLength(
        1,
      );
    });

    it('refuses a slip when paper is out', async () => {
      manager.simulators?.flushCapture();
      manager.simulators?.setPrinterFault('paper-out', true);
      const envelope = await call(handlers, 'print.jobSlip', { id: 7 });
      expect(envelope).toEqual({
        ok: false,
        error: { code: 'PRINTER_PAPER_OUT', message: '打印机缺纸，请联系工作人员' },
      });
      expect(manager.simulators?.flushCapture()).toBeUndefined();
      await waitFor(
        () => (manager.faults.repeats('printer') ?? 0) >= 3,
        5000,
        'repeated poll faults',
      );
      const printer = manager.status()[1];
      expect(printer?.state).toBe('fault');
      expect(printer?.code).toBe('PRINTER_PAPER_OUT');
      manager.simulators?.setPrinterFault('paper-out', false);
      await waitFor(
        () => stateOf(manager, 'printer') === 'ready',
        5000,
        'printer ready again',
      );
      expect(manager.faults.repeats('printer')).toBe(0);
    });

    it('shows paper near end as a warning', async () => {
      manager.simulators?.setPrinterFault('paper-near-end', true);
      await waitFor(
        () => stateOf(manager, 'printer') === 'warning',
        5000,
        'printer warning',
      );
      const envelope = await call(handlers, 'print.jobSlip', { id: 7 });
      expect(envelope).toEqual({
        ok: true,
        value: { printed: true, message: '纸卷快用完了，请联系工作人员及时更换' },
      });
      manager.simulators?.setPrinterFault('paper-near-end', false);
      await waitFor(
        () => stateOf(manager, 'printer') === 'ready',
        5000,
        'printer ready again',
      );
    });

    it('recovers an unplugged printer', async () => {
      await manager.simulators?.unplug('printer');
      await waitFor(
        () => stateOf(manager, 'printer') === 'disconnected',
        5000,
        'printer disconnected',
      );
      const envelope = await call(handlers, 'print.jobSlip', { id: 7 });
      expect(envelope.ok).toBe(false);
      expect(envelope.ok ? '' : envelope.error.code).toBe('PRINTER_DISCONNECTED');
      await manager.simulators?.replug('printer');
      await waitFor(
        () => stateOf(manager, 'printer') === 'ready',
        8000,
        'printer ready after re-plug',
      );
      const again = await call(handlers, 'print.jobSlip', { id: 7 });
      expect(again.ok).toBe(true);
    });

    it('recovers an unplugged reader', async () => {
      await manager.simulators?.unplug('idcard');
      await waitFor(
        () => stateOf(manager, 'idcard') === 'disconnected',
        5000,
        'reader disconnected',
      );
      const envelope = await call(handlers, 'idcard.read', { waitSeconds: 5 });
      expect(envelope).toEqual({
        ok: false,
        error: { code: 'READER_DISCONNECTED', message: '读卡器未连接，请联系工作人员' },
      });
      await manager.simulators?.replug('idcard');
      await waitFor(
        () => stateOf(manager, 'idcard') === 'ready',
        8000,
        'reader ready after re-plug',
      );
      const reading = call(handlers, 'idcard.read', { waitSeconds: 10 });
      manager.simulators?.placeCard();
      const read = await reading;
      expect(read.ok).toBe(true);
      manager.simulators?.removeCard();
    });
  });
}

describe('device handlers without devices', () => {
  const handlers = createDeviceHandlers(null, (id) => ({
    ...JOB,
    id,
  })) as unknown as ApiHandlers;

  it('reads every device as not configured', async () => {
    const envelope = await call(handlers, 'devices.status', {});
    expect(envelope.ok).toBe(true);
    const states = envelope.ok
      ? (envelope.value as { devices: { state: string }[] }).devices.map((d) => d.state)
      : [];
    expect(states).toEqual(['not-configured', 'not-configured', 'not-configured']);
  });

  it('rejects a read without a reader', async () => {
    const envelope = await call(handlers, 'idcard.read', {});
    expect(envelope.ok ? '' : envelope.error.code).toBe('READER_DISCONNECTED');
  });

  it('validates the wait', async () => {
    const envelope = await call(handlers, 'idcard.read', { waitSeconds: 600 });
    expect(envelope.ok ? '' : envelope.error.code).toBe('INVALID_PARAMS');
  });

  it('maps a device error', () => {
    expect(new DeviceError('PRINTER_TIMEOUT', 'x').userMessage).toBe(
      '打印机没有响应，请联系工作人员',
    );
  });
});
