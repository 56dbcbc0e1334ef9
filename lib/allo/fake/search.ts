/**
 * The fake's `POST /v2/api/conversations/items/search`, written against docs/allo-api.md:
 * filters, keyword search (terms ANDed, prefix match), sorting, pagination and the documented
 * validation errors. Pure: the fake's router (./fake-allo.ts) handles keys, limits and faults.
 *
 * The `sort` and `type` enums are spelled two ways (the v2 docs and what third-party clients
 * report from the live API). Which spellings this fake accepts is an option, so tests can
 * prove Callview's fallback in both directions; by default it accepts only the live spelling,
 * so demo mode and the end-to-end tests exercise the fallback too.
 */
import type { AlloItemInput } from "../schemas";

export type EnumSpellings = "documented" | "live" | "both";

const SORTS = {
  documented: { DATE_DESC: "newest", DATE_ASC: "oldest", RELEVANCE: "relevance" },
  live: { RECENT: "newest", OLDEST: "oldest", RELEVANCE: "relevance" },
} as const;

type TypeFilter = "calls" | "messages" | "all";

const TYPES: Record<"documented" | "live", Record<string, TypeFilter>> = {
  documented: { CALL: "calls", SMS: "messages", ALL: "all" },
  live: { CALL: "calls", TEXT_MESSAGE: "messages" },
};

export const MAX_SEARCH_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;

export type SearchRefusal = {
  ok: false;
  status: 400;
  code: string;
  message: string;
  param: string;
};

export type SearchAnswer =
  | {
      ok: true;
      body: {
        data: Record<string, unknown>[];
        pagination: {
          page: number;
          size: number;
          total_count: number;
          total_pages: number;
          has_more: boolean;
        };
      };
    }
  | SearchRefusal;

function refuse(code: string, param: string, message: string): SearchRefusal {
  return { ok: false, status: 400, code, message, param };
}

function allowed<T>(
  table: { documented: Record<string, T>; live: Record<string, T> },
  spellings: EnumSpellings,
) {
  return spellings === "both" ? { ...table.documented, ...table.live } : table[spellings];
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function searchableText(item: AlloItemInput): string {
  return [
    item.summary ?? "",
    item.content ?? "",
    ...(item.transcript ?? []).map((segment) => segment.text),
  ].join(" ");
}

/** Search results carry slimmer sub-objects than a single item (Allo's own example does). */
function slim(item: AlloItemInput, withTranscript: boolean): Record<string, unknown> {
  return {
    ...item,
    contacts: (item.contacts ?? []).map((contact) => ({ id: contact.id, name: contact.name ?? null })),
    user: item.user ? { id: item.user.id, name: item.user.name ?? null } : null,
    transcript: withTranscript ? (item.transcript ?? null) : null,
  };
}

function isInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value);
}

/**
 * Answers one search over `items` (already in their current state: pending summaries hidden,
 * tags as changed). `body` is the parsed JSON body.
 */
export function searchItems(
  items: readonly AlloItemInput[],
  body: unknown,
  spellings: EnumSpellings,
  query: URLSearchParams = new URLSearchParams(),
): SearchAnswer {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return refuse("INVALID_REQUEST_BODY", "body", "The request body must be a JSON object.");
  }
  const input = body as Record<string, unknown>;

  const page = input.page ?? 1;
  if (!isInteger(page) || page < 1) {
    return refuse("INVALID_PARAMETER", "page", `Invalid page '${String(page)}'. Pages start at 1.`);
  }
  const size = input.size ?? DEFAULT_PAGE_SIZE;
  if (!isInteger(size) || size < 1 || size > MAX_SEARCH_PAGE_SIZE) {
    return refuse(
      "INVALID_PAGE_SIZE",
      "size",
      `Invalid page size '${String(size)}'. Size must be between 1 and ${MAX_SEARCH_PAGE_SIZE}.`,
    );
  }

  let terms: string[] = [];
  if (input.search !== undefined && input.search !== null) {
    terms = typeof input.search === "string" ? words(input.search) : [];
    if (terms.length === 0) {
      return refuse(
        "INVALID_SEARCH_QUERY",
        "search",
        "The search query must contain at least one letter or digit.",
      );
    }
  }

  const sorts = allowed(SORTS, spellings);
  const sortName = input.sort === undefined ? (terms.length > 0 ? "RELEVANCE" : null) : input.sort;
  const order =
    sortName === null
      ? "newest"
      : typeof sortName === "string"
        ? sorts[sortName as keyof typeof sorts]
        : undefined;
  if (order === undefined) {
    return refuse(
      "INVALID_PARAMETER",
      "sort",
      `Invalid value '${String(sortName)}' for sort. Allowed: ${Object.keys(sorts).join(", ")}.`,
    );
  }

  const types = allowed(TYPES, spellings);
  const typeFilter: TypeFilter | undefined =
    input.type === undefined ? "all" : typeof input.type === "string" ? types[input.type] : undefined;
  if (typeFilter === undefined) {
    return refuse(
      "INVALID_PARAMETER",
      "type",
      `Invalid value '${String(input.type)}' for type. Allowed: ${Object.keys(types).join(", ")}.`,
    );
  }

  const extend = query.get("extend") ?? (typeof input.extend === "string" ? input.extend : null);
  if (extend !== null && extend !== "transcript") {
    return refuse(
      "UNSUPPORTED_EXTEND_VALUE",
      "extend",
      `Unsupported extend value '${extend}'. Only 'transcript' is supported.`,
    );
  }

  const text = (key: string) => (typeof input[key] === "string" ? (input[key] as string) : null);
  const contactNumber = text("contact_number");
  const alloNumber = text("allo_number");
  const direction = text("direction")?.toUpperCase() ?? null;
  const result = text("result")?.toUpperCase() ?? null;
  const date =
    typeof input.date === "object" && input.date !== null ? (input.date as Record<string, unknown>) : null;
  const from = typeof date?.from === "string" ? date.from : null;
  const to = typeof date?.to === "string" ? date.to : null;

  const scored = items
    .filter((item) => {
      const call = item.id.startsWith("cll");
      if (typeFilter === "calls" && !call) return false;
      if (typeFilter === "messages" && call) return false;
      if (contactNumber !== null && item.contact_number !== contactNumber) return false;
      if (alloNumber !== null && item.allo_number !== alloNumber) return false;
      if (direction !== null && item.direction.toUpperCase() !== direction) return false;
      if (result !== null && (item.result ?? "").toUpperCase() !== result) return false;
      const day = item.date.slice(0, 10);
      if (from !== null && day < from) return false;
      if (to !== null && day > to) return false;
      return true;
    })
    .map((item) => {
      if (terms.length === 0) return { item, hits: 0 };
      const haystack = words(searchableText(item));
      let hits = 0;
      for (const term of terms) {
        const matches = haystack.filter((word) => word.startsWith(term)).length;
        if (matches === 0) return null;
        hits += matches;
      }
      return { item, hits };
    })
    .filter((entry): entry is { item: AlloItemInput; hits: number } => entry !== null);

  const time = (item: AlloItemInput) => Date.parse(item.date.endsWith("Z") ? item.date : `${item.date}Z`);
  scored.sort((a, b) => {
    if (order === "relevance" && a.hits !== b.hits) return b.hits - a.hits;
    return order === "oldest" ? time(a.item) - time(b.item) : time(b.item) - time(a.item);
  });

  const totalCount = scored.length;
  const totalPages = Math.ceil(totalCount / size);
  const slice = scored.slice((page - 1) * size, page * size);
  return {
    ok: true,
    body: {
      data: slice.map((entry) => slim(entry.item, extend === "transcript")),
      pagination: {
        page,
        size,
        total_count: totalCount,
        total_pages: totalPages,
        has_more: page < totalPages,
      },
    },
  };
}
