// Contract types of the kiosk's devices: health for the staff status view,
// the masked ID card result for the screen, and print results.
import { z } from 'zod';

export const DEVICE_IDS = ['idcard', 'printer', 'scanner'] as const;
export const deviceIdSchema = z.enum(DEVICE_IDS);
export type DeviceId = z.infer<typeof deviceIdSchema>;

/**
 * Health of one device: `warning` still works (paper near end), `fault` does
 * not (paper out, cover open, reader not answering), `disconnected` means the
 * link is gone and the kiosk keeps trying to reopen it.
 */
export const DEVICE_STATES = [
  'starting',
  'ready',
  'warning',
  'fault',
  'disconnected',
  'not-configured',
] as const;
export const deviceStateSchema = z.enum(DEVICE_STATES);
export type DeviceState = z.infer<typeof deviceStateSchema>;

export const deviceHealthSchema = z.object({
  id: deviceIdSchema,
  state: deviceStateSchema,
  /** Plain Chinese words for staff, such as 纸卷快用完了. */
  message: z.string(),
  /** Stable code of the current problem, such as PRINTER_PAPER_OUT; null when ready. */
  code: z.string().nullable(),
  /** serial, tcp, hid, wedge, or loopback for the in-memory simulator link. */
  transport: z.string(),
  /** Port path, host:port or VID:PID. */
  target: z.string(),
  simulated: z.boolean(),
  /** ISO time of the last state change. */
  since: z.string(),
});
export type DeviceHealth = z.infer<typeof deviceHealthSchema>;

export const devicesStatusSchema = z.object({
  devices: z.array(deviceHealthSchema),
});
export type DevicesStatus = z.infer<typeof devicesStatusSchema>;

export const CARD_TYPE_LABELS = {
  resident: '居民身份证',
  hkMacauTaiwanPermit: '港澳台居民居住证',
  foreignPermanent2017: '外国人永久居留身份证',
  foreignPermanent2023: '外国人永久居留身份证',
} as const;

/** Screen view of a card: the masked name and number, never the full record. */
export const maskedCardSchema = z.object({
  /** 张*丰 style: see maskName in main/devices/mask.ts. */
  name: z.string(),
  /** 610630********1234 style: the first 6 and last 4 characters. */
  idNumber: z.string(),
  cardType: z.enum([
    'resident',
    'hkMacauTaiwanPermit',
    'foreignPermanent2017',
    'foreignPermanent2023',
  ]),
  cardTypeLabel: z.string(),
});
export type MaskedCard = z.infer<typeof maskedCardSchema>;

export const idCardReadParamsSchema = z.object({
  /** Wait for a card placement, in seconds. */
  waitSeconds: z.number().int().min(1).max(25).default(20),
});

export const printJobSlipResultSchema = z.object({
  printed: z.literal(true),
  /** Plain Chinese words about the printer after printing, such as a paper-near-end warning. */
  message: z.string(),
});
export type PrintJobSlipResult = z.infer<typeof printJobSlipResultSchema>;

export const scannerReadParamsSchema = z.object({
  /** Wait for a scan, in seconds. */
  waitSeconds: z.number().int().min(1).max(25).default(20),
});

export const scanResultSchema = z.object({
  /** The code as text, control characters removed. */
  text: z.string(),
  /** Symbology name such as `QR Code`; empty when the scanner sent none. */
  symbology: z.string(),
});
export type ScanResult = z.infer<typeof scanResultSchema>;
