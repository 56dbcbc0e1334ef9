/**
 * Zod schemas for Allo's "Get conversation item" response (GET /v2/api/conversations/items/{id}).
 *
 * Policy (see docs/decisions/0002-tolerant-schemas.md and docs/allo-api.md):
 * - strict about what the UI relies on: ids, the item date, array shapes, transcript segments;
 * - tolerant of drift: unknown enum values are kept as strings, unknown fields are dropped,
 *   and every field the docs call nullable accepts both `null` and absence (normalised to `null`).
 *
 * Used by the server client, the fake API and tests. Browser code imports ./item instead, so
 * zod stays out of the client bundle (the server has already validated what it sends); the
 * linter refuses this module in client code.
 */
import { z } from "zod";
import {
  KNOWN_CALL_RESULTS,
  KNOWN_DIRECTIONS,
  KNOWN_ITEM_TYPES,
  KNOWN_MESSAGE_TYPES,
  KNOWN_SOURCES,
  parseAlloTimestamp,
} from "./item";

/** A string enum that also accepts values Allo may add later; known values keep autocompletion. */
function openEnum<const T extends readonly [string, ...string[]]>(known: T) {
  return z.union([z.enum(known), z.string().min(1)]);
}

/** Accepts the value, `null` or absence, and always outputs `T | null`. */
function nullable<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value): z.output<T> | null => value ?? null);
}

/** ISO 8601 timestamps; v1 sometimes sent them without a zone, which we read as UTC. */
const isoTimestampSchema = z
  .string()
  .min(1)
  .refine((value) => parseAlloTimestamp(value) !== null, { message: "Expected an ISO 8601 timestamp" });

const companySchema = z.object({
  id: z.string().min(1),
  name: nullable(z.string()),
});

const dealSchema = z.object({
  id: z.string().min(1),
  name: nullable(z.string()),
  /** Free-form CRM pipeline status with inconsistent casing ("OPEN", "open", "qualified"). */
  status: nullable(z.string()),
});

const contactSchema = z.object({
  id: z.string().min(1),
  name: nullable(z.string()),
  company: nullable(companySchema),
  deals: nullable(z.array(dealSchema)).transform((deals) => deals ?? []),
});

const userSchema = z.object({
  id: z.string().min(1),
  name: nullable(z.string()),
  email: nullable(z.string()),
});

const transcriptSegmentSchema = z.object({
  source: openEnum(KNOWN_SOURCES),
  time: isoTimestampSchema,
  text: z.string(),
});

export const alloItemSchema = z.object({
  id: z.string().regex(/^(cll|msg)[-_][A-Za-z0-9_-]+$/, "Expected a cll- or msg- id"),
  type: openEnum(KNOWN_ITEM_TYPES),
  direction: openEnum(KNOWN_DIRECTIONS),
  allo_number: nullable(z.string()),
  contact_number: nullable(z.string()),
  contacts: nullable(z.array(contactSchema)).transform((contacts) => contacts ?? []),
  user: nullable(userSchema),
  date: isoTimestampSchema,
  duration: nullable(z.number().nonnegative()),
  result: nullable(openEnum(KNOWN_CALL_RESULTS)),
  recording_url: nullable(z.string()),
  summary: nullable(z.string()),
  tags: nullable(z.array(z.string())),
  transcript: nullable(z.array(transcriptSegmentSchema)),
  content: nullable(z.string()),
  status: nullable(z.string()),
  message_type: nullable(openEnum(KNOWN_MESSAGE_TYPES)),
});

export const itemResponseSchema = z.object({ data: alloItemSchema });

export type AlloItem = z.output<typeof alloItemSchema>;
/** What the fake API and tests write: the wire shape before normalisation. */
export type AlloItemInput = z.input<typeof alloItemSchema>;
export type AlloContact = z.output<typeof contactSchema>;
export type AlloDeal = z.output<typeof dealSchema>;
export type AlloUser = z.output<typeof userSchema>;
export type TranscriptSegment = z.output<typeof transcriptSegmentSchema>;
