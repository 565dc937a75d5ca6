// Runs the ESC/POS printer simulator on a pty path or on TCP 127.0.0.1.
//
//   tsx native/sim/printer-sim.ts --port PATH | --tcp PORT
//     [--fault NAME]... [--delay MS] [--split] [--encoding gbk|gb18030] [--capture FILE]
//
// Commands on stdin, one per line: `fault NAME on|off`, `clear` (faults),
// `reset` (capture), `save PATH`, `show` (decoded lines), `quit`.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  PRINTER_FAULTS,
  PrinterSimulator,
  attachPrinterSimulator,
  servePrinterSimulator,
  type PrinterFault,
  type TextEncoding,
} from '../escpos/index.js';
import { createLogger } from '../log.js';
import { SerialTransport } from '../transport/index.js';

const log = createLogger('printer-sim');

const USAGE = `Usage: tsx native/sim/printer-sim.ts --port PATH | --tcp PORT [options]
  --port PATH        serve on a serial port or pty path (for example a socat link)
  --tcp PORT         serve on TCP 127.0.0.1:PORT (0 picks a free port)
  --fault NAME       start with a fault; repeatable: ${PRINTER_FAULTS.join(', ')}
  --delay MS         delay before each status reply, in milliseconds
  --split            send each reply byte in its own write
  --encoding NAME    text encoding for "show": gb18030 (default) or gbk
  --capture FILE     save every received byte to FILE (rewritten after each write)
stdin commands: fault NAME on|off, clear, reset, save PATH, show, quit`;

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
        tcp: { type: 'string' },
        fault: { type: 'string', multiple: true },
        delay: { type: 'string' },
        split: { type: 'boolean' },
        encoding: { type: 'string' },
        capture: { type: 'string' },
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
  if ((values.port === undefined) === (values.tcp === undefined))
    fail('Give exactly one of --port and --tcp.');

  const faults = (values.fault ?? []).map((name) => {
    if (!isFault(name)) fail(`Unknown fault "${name}".`);
    return name;
  });
  const delay = values.delay === undefined ? 0 : Number(values.delay);
  if (!Number.isInteger(delay) || delay < 0)
    fail(`--delay must be a whole number of milliseconds, got "${values.delay}".`);
  const tcpPort = values.tcp === undefined ? undefined : Number(values.tcp);
  if (
    tcpPort !== undefined &&
    (!Number.isInteger(tcpPort) || tcpPort < 0 || tcpPort > 65535)
  ) {
    fail(`--tcp must be a port from 0 to 65535, got "${values.tcp}".`);
  }
  const encodingName = values.encoding ?? 'gb18030';
  if (encodingName !== 'gb18030' && encodingName !== 'gbk') {
    fail(`--encoding must be gb18030 or gbk, got "${encodingName}".`);
  }
  const encoding: TextEncoding = encodingName;

  return {
    path: values.port,
    tcpPort,
    faults,
    delay,
    split: values.split === true,
    encoding,
    capture: values.capture,
  };
}

function isFault(name: string): name is PrinterFault {
  return (PRINTER_FAULTS as readonly string[]).includes(name);
}

async function main(): Promise<void> {
  const options = parseOptions();
  const simulator = new PrinterSimulator({
    faults: options.faults,
    replyDelayMs: options.delay,
    splitReplies: options.split,
    encoding: options.encoding,
  });

  let saving = Promise.resolve();
  const save = (path: string): Promise<void> => {
    saving = saving
      .then(() => simulator.saveCapture(path))
      .catch((error: unknown) =>
        log.error({ path, err: String(error) }, 'saving the capture failed'),
      );
    return saving;
  };
  if (options.capture !== undefined) {
    const path = options.capture;
    simulator.on('received', () => void save(path));
  }

  let stop: () => Promise<void>;
  if (options.path !== undefined) {
    const transport = new SerialTransport({ path: options.path });
    await transport.open();
    const detach = attachPrinterSimulator(simulator, transport);
    transport.on('disconnect', () => {
      log.warn({ path: options.path }, 'port disconnected, exiting');
      void shutdown(1);
    });
    stop = async () => {
      detach();
      await transport.close();
    };
    process.stdout.write(`printer simulator ready on ${options.path}\n`);
  } else {
    const server = await servePrinterSimulator(simulator, options.tcpPort);
    stop = () => server.close();
    process.stdout.write(`printer simulator ready on tcp 127.0.0.1:${server.port}\n`);
  }

  let stopping = false;
  const shutdown = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await stop();
    if (options.capture !== undefined) await save(options.capture);
    await saving;
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    const reply = runCommand(simulator, line.trim(), save);
    if (reply === 'quit') void shutdown(0);
    else if (reply !== '') process.stdout.write(`${reply}\n`);
  });
}

/** Runs one stdin command and returns the text to print ('quit' to stop). */
function runCommand(
  simulator: PrinterSimulator,
  line: string,
  save: (path: string) => Promise<void>,
): string {
  const [command, argument, state] = line.split(/\s+/);
  switch (command) {
    case '':
    case undefined:
      return '';
    case 'fault':
      if (
        argument === undefined ||
        !isFault(argument) ||
        (state !== 'on' && state !== 'off')
      ) {
        return `usage: fault NAME on|off (NAME: ${PRINTER_FAULTS.join(', ')})`;
      }
      simulator.setFault(argument, state === 'on');
      return `faults: ${simulator.activeFaults.join(', ') || 'none'}`;
    case 'clear':
      simulator.clearFaults();
      return 'faults: none';
    case 'reset':
      simulator.clearCapture();
      return 'capture cleared';
    case 'save':
      if (argument === undefined) return 'usage: save PATH';
      void save(argument);
      return `saving capture to ${argument}`;
    case 'show':
      return simulator
        .decode()
        .lines.map((decoded) => decoded.text)
        .join('\n');
    case 'quit':
      return 'quit';
    default:
      return `unknown command "${command}": fault NAME on|off, clear, reset, save PATH, show, quit`;
  }
}

main().catch((error: unknown) => {
  log.error({ err: String(error) }, 'printer simulator failed');
  process.stderr.write(
    `printer simulator failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
