/**
 * Demo seed items as the server sees them (validated by the real schema), plus a builder for
 * one-off items. Rules and messages are always judged on items of this shape.
 */
import { buildSeed } from "@/lib/allo/fake/seed";
import { alloItemSchema, type AlloItem, type AlloItemInput } from "@/lib/allo/schemas";

const SEED_STARTED_AT = Date.UTC(2026, 10, 24, 8, 0, 0);

export function seedItem(id: string, overrides: Partial<AlloItemInput> = {}): AlloItem {
  const entry = buildSeed(SEED_STARTED_AT, 0, "https://fake-allo.invalid").find(
    (seed) => seed.item.id === id,
  );
  if (!entry) throw new Error(`no seed item ${id}`);
  return alloItemSchema.parse({ ...entry.item, ...overrides });
}

export function callItem(overrides: Partial<AlloItemInput> = {}): AlloItem {
  return alloItemSchema.parse({
    id: "cll-test-1",
    type: "CALL",
    direction: "INBOUND",
    allo_number: "+14155550100",
    contact_number: "+14155550142",
    contacts: [],
    user: { id: "usr-1", name: "Priya Raman", email: "priya.raman@example.com" },
    date: "2026-11-24T07:58:30Z",
    duration: 300,
    result: "ANSWERED",
    summary: null,
    tags: [],
    transcript: null,
    ...overrides,
  });
}
