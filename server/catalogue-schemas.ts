// Admin input schemas for catalogue items: the wire schemas of
// main/contract/sync.ts, with dates checked and control characters rejected,
// so that what staff type reaches kiosks, boards and printers as plain text.
import { z } from 'zod';
import { YICHUAN_TOWNS } from '../main/contract/catalogue.js';
import {
  syncEventSchema,
  syncJobSchema,
  syncNoticeSchema,
  syncPolicySchema,
  type CatalogueType,
} from '../main/contract/sync.js';

/** C0 controls except tab, line feed and carriage return; DEL; C1 controls. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

function rejectControlCharacters(
  value: unknown,
  context: z.RefinementCtx,
  path: PropertyKey[],
): void {
  if (typeof value === 'string') {
    if (CONTROL_CHARACTERS.test(value)) {
      context.addIssue({
        code: 'custom',
        path,
        message: 'Text contains control characters; remove them and try again.',
      });
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) =>
      rejectControlCharacters(item, context, [...path, index]),
    );
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      rejectControlCharacters(item, context, [...path, key]);
    }
  }
}

const dateOrNull = z.iso.date({ message: 'Expected a date as YYYY-MM-DD.' }).nullable();
const dateTime = z.iso.datetime({
  offset: true,
  message: 'Expected an ISO date-time with offset.',
});
const stationIds = z
  .array(z.string().min(1).max(64))
  .max(20)
  .refine((ids) => new Set(ids).size === ids.length, 'Station ids must not repeat.');

export const adminJobSchema = syncJobSchema
  .extend({ postedOn: dateOrNull, deadline: dateOrNull, stations: stationIds })
  .strict()
  .superRefine((value, context) => rejectControlCharacters(value, context, []));

export const adminPolicySchema = syncPolicySchema
  .strict()
  .superRefine((value, context) => rejectControlCharacters(value, context, []));

export const adminNoticeSchema = syncNoticeSchema
  .extend({ startsOn: dateOrNull, endsOn: dateOrNull, stations: stationIds })
  .strict()
  .superRefine((value, context) => rejectControlCharacters(value, context, []));

export const adminEventSchema = syncEventSchema
  .extend({ startsAt: dateTime, endsAt: dateTime.nullable(), stations: stationIds })
  .strict()
  .superRefine((value, context) => rejectControlCharacters(value, context, []));

export const adminDataSchemas = {
  job: adminJobSchema,
  policy: adminPolicySchema,
  notice: adminNoticeSchema,
  event: adminEventSchema,
} as const satisfies Record<CatalogueType, z.ZodType>;

export const townsSchema = z
  .array(z.enum(YICHUAN_TOWNS))
  .max(YICHUAN_TOWNS.length)
  .refine((towns) => new Set(towns).size === towns.length, 'Towns must not repeat.');

export type ItemData =
  | z.infer<typeof adminJobSchema>
  | z.infer<typeof adminPolicySchema>
  | z.infer<typeof adminNoticeSchema>
  | z.infer<typeof adminEventSchema>;
