// Records the kiosk makes for the county server. Each one is stored together
// with its outbox entry in one transaction and carries the entry's UUIDv7 id.
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { deviceHealthSchema } from '../contract/sync.js';
import type { Db } from './db.js';
import { enqueue } from './outbox.js';

export const ratingInputSchema = z.object({
  /** 1 (very unsatisfied) to 5 (very satisfied). */
  rating: z.number().int().min(1).max(5),
  /** What was rated, such as a service counter or the kiosk itself. */
  topic: z.string().min(1).max(50).nullable().default(null),
  station: z.string().min(1).max(100),
});
export type RatingInput = z.input<typeof ratingInputSchema>;

export const deviceEventInputSchema = deviceHealthSchema;
export type DeviceEventInput = z.input<typeof deviceEventInputSchema>;

/** Raised for a record that fails validation; the message names the field. */
export class InvalidRecordError extends Error {
  constructor(kind: string, error: z.ZodError) {
    super(`Invalid ${kind}: ${z.prettifyError(error)}`);
    this.name = 'InvalidRecordError';
  }
}

function parse<T extends z.ZodType>(
  schema: T,
  kind: string,
  input: unknown,
): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InvalidRecordError(kind, parsed.error);
  return parsed.data;
}

/** Stores a service rating and queues it for the server. Returns the record id. */
export function recordRating(db: Db, input: RatingInput, now: Date = new Date()): string {
  const rating = parse(ratingInputSchema, 'rating', input);
  const createdAt = now.toISOString();
  const id = uuidv7();
  db.transaction(() => {
    db.prepare(
      'INSERT INTO service_ratings (id, rating, topic, station, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(id, rating.rating, rating.topic, rating.station, createdAt);
    enqueue(db, 'rating', rating, createdAt, id);
  })();
  return id;
}

/** Stores a device state change (printer out of paper, reader unplugged) and queues it. */
export function recordDeviceEvent(
  db: Db,
  input: DeviceEventInput,
  now: Date = new Date(),
): string {
  const event = parse(deviceEventInputSchema, 'device event', input);
  const createdAt = now.toISOString();
  const id = uuidv7();
  db.transaction(() => {
    db.prepare(
      'INSERT INTO device_events (id, device, state, message, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(id, event.device, event.state, event.message ?? null, createdAt);
    enqueue(db, 'device_event', event, createdAt, id);
  })();
  return id;
}
