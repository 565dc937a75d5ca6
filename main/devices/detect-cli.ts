// `npm run devices:detect`: lists serial ports and HID devices and suggests
// devices.json entries for the ID card reader, printer and scanner.
import { detectDevices, formatDetectionReport } from './detect.js';

try {
  process.stdout.write(formatDetectionReport(await detectDevices()));
} catch (error) {
  process.stderr.write(`Device detection failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
