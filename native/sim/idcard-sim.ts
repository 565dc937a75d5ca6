// Runs the ID card reader simulator on a serial port or pty path.
//
//   tsx native/sim/idcard-sim.ts --port PATH [--fault NAME]... [--delay MS] [--empty]
//
// Commands on stdin, one per line: place, remove, fault NAME [on|off],
// clear, status, quit. Each command gets one reply line on stdout.
import { parseArgs } from 'node:util';
import { IDCARD_FAULTS, IdCardSimulator, isIdCardFault } from '../idcard/simulator.js';
import { createLogger } from '../log.js';
import { SerialTransport } from '../transport/serial.js';
import { serveControlChannel } from './control.js';
import { keepTransportOpen } from './keep-open.js';

const log = createLogger('idcard-sim');

const USAGE = `Usage: tsx native/sim/idcard-sim.ts --port PATH [options]
  --port PATH     serve on a serial port or pty path (for example a socat link)
  --baud N        baud rate, default 115200
  --fault NAME    start with a fault; repeatable: ${IDCARD_FAULTS.join(', ')}
  --delay MS      reply delay of the "slow" fault in milliseconds, default 1500
  --empty         start with no card on the reader
stdin commands: place, remove, fault NAME [on|off], clear, status, quit`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        baud: { type: 'string' },
        fault: { type: 'string', multiple: true },
        delay: { type: 'string' },
        empty: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (!values.port) fail('Missing --port PATH.');
  const baudRate = Number(values.baud ?? 115_200);
  if (!Number.isInteger(baudRate) || baudRate <= 0)
    fail(`Invalid --baud ${values.baud}: expected a positive integer.`);
  const delayMs = Number(values.delay ?? 1500);
  if (!Number.isFinite(delayMs) || delayMs < 0)
    fail(`Invalid --delay ${values.delay}: expected milliseconds >= 0.`);
  const faults = values.fault ?? [];
  for (const fault of faults) {
    if (!isIdCardFault(fault))
      fail(`Unknown fault "${fault}"; expected one of: ${IDCARD_FAULTS.join(', ')}.`);
  }
  return {
    port: values.port,
    baudRate,
    delayMs,
    faults: faults.filter(isIdCardFault),
    empty: values.empty ?? false,
  };
}

async function main(): Promise<void> {
  const options = parseOptions();
  const transport = new SerialTransport({
    path: options.port,
    baudRate: options.baudRate,
  });
  const simulator = new IdCardSimulator({
    transport,
    delayMs: options.delayMs,
    card: options.empty ? null : undefined,
  });
  for (const fault of options.faults) simulator.setFault(fault);

  try {
    await simulator.start();
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const stopReopening = keepTransportOpen(transport);

  const status = () =>
    `card: ${simulator.hasCard ? 'placed' : 'none'}; faults: ${simulator.activeFaults.join(', ') || 'none'}`;
  let stopControl = () => {};
  const quit = async () => {
    stopControl();
    stopReopening();
    await simulator.stop();
    log.info({ target: options.port }, 'ID card simulator stopped');
    process.exit(0);
  };

  stopControl = serveControlChannel(process.stdin, process.stdout, {
    place: () => {
      simulator.placeCard();
      return 'ok: card placed';
    },
    remove: () => {
      simulator.removeCard();
      return 'ok: card removed';
    },
    fault: ([name, state]) => {
      if (!name || !isIdCardFault(name))
        throw new Error(
          `unknown fault "${name ?? ''}"; expected one of: ${IDCARD_FAULTS.join(', ')}`,
        );
      if (state !== undefined && state !== 'on' && state !== 'off')
        throw new Error(`fault state must be on or off, got "${state}"`);
      simulator.setFault(name, state !== 'off');
      return `ok: ${status()}`;
    },
    clear: () => {
      simulator.clearFaults();
      return `ok: ${status()}`;
    },
    status,
    quit: () => {
      void quit();
      return 'ok: quitting';
    },
  });
  process.stdout.write(`ready: ${options.port}; ${status()}\n`);
  process.once('SIGINT', () => void quit());
  process.once('SIGTERM', () => void quit());
}

await main();
