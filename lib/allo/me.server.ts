/**
 * Allo's `GET /v2/api/me`: the key's own description, which needs no scope. Callview reads
 * only `data.scopes`, to learn what the dashboard's key may do (docs/allo-api.md, "Me").
 */
import "server-only";
import { z } from "zod";
import { parsedOrWhere, type AlloCallResult, type AlloClient } from "./client.server";

const scopesSchema = z
  .array(z.string())
  .transform((scopes) => scopes.map((scope) => scope.trim().toUpperCase()));

/** `{data: {scopes: […], …}}` as documented; a top-level `scopes` is read too, in case of drift. */
const meSchema = z.union([
  z.object({ data: z.object({ scopes: scopesSchema }) }).transform((body) => body.data.scopes),
  z.object({ scopes: scopesSchema }).transform((body) => body.scopes),
]);

export function getKeyScopes(
  client: Pick<AlloClient, "call">,
  context: { requestId?: string; signal?: AbortSignal } = {},
): Promise<AlloCallResult<string[]>> {
  return client.call({
    method: "GET",
    path: "/v2/api/me",
    budget: "read",
    resource: "other",
    scope: null,
    successBody: "json",
    parse: (json) => parsedOrWhere(meSchema.safeParse(json)),
    ...context,
  });
}
