// Shared simulator plumbing: a line-based control channel, e.g. on stdin,
// so a test or a person can change a running simulator ("place", "remove",
// "fault bad-checksum on").
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/** Handles one command's arguments and returns the reply line. */
export type ControlHandler = (args: string[]) => string | Promise<string>;

/**
 * Reads commands, one per line, from `input` and writes one reply line per
 * command to `output`: the handler's text, or `error: ...` for an unknown
 * command or a handler that throws. `help` lists the commands.
 */
export function serveControlChannel(
  input: Readable,
  output: Writable,
  handlers: Record<string, ControlHandler>,
): () => void {
  const lines = createInterface({ input, terminal: false });
  lines.on('line', (line) => {
    const [name, ...args] = line.trim().split(/\s+/u);
    if (!name) return;
    void reply(name, args).then((text) => output.write(`${text}\n`));
  });

  async function reply(name: string, args: string[]): Promise<string> {
    if (name === 'help') return `commands: ${Object.keys(handlers).join(', ')}`;
    const handler = handlers[name];
    if (!handler) return `error: unknown command "${name}"; try help`;
    try {
      return await handler(args);
    } catch (error) {
      return `error: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  return () => lines.close();
}
