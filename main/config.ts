import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** Settings a station can put in `kiosk.json` in its data folder. */
export const kioskSettingsSchema = z
  .object({
    stationName: z.string().min(1).max(40).default('宜川县零工市场'),
    idleTimeoutSeconds: z.number().int().min(10).max(3600).default(90),
    attractRotateSeconds: z.number().int().min(2).max(120).default(6),
    /** Base of the public link a job QR code carries; the posting id is appended. */
    publicJobUrl: z.url().nullable().default(null),
    /** Base URL of the county server; the kiosk syncs once it is set and the kiosk is enrolled. */
    syncServerUrl: z
      .url({ protocol: /^https?$/u })
      .nullable()
      .default(null),
    /** Seconds between syncs with the county server. */
    syncIntervalSeconds: z.number().int().min(10).max(86_400).default(60),
  })
  .strict();
export type KioskSettings = z.infer<typeof kioskSettingsSchema>;

export const SETTINGS_FILE = 'kiosk.json';

/** Reads `kiosk.json` from the data folder, or the defaults when there is none. */
export function loadSettings(dataDir: string): KioskSettings {
  const file = join(dataDir, SETTINGS_FILE);
  if (!existsSync(file)) return kioskSettingsSchema.parse({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `Settings file ${file} is not valid JSON: ${(error as Error).message}`,
    );
  }
  const parsed = kioskSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Settings file ${file} is invalid: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
