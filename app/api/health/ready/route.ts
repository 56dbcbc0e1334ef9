/** GET /api/health/ready — readiness: 200 when configured and not draining, 503 with problems otherwise. */
import { readiness } from "@/lib/server/readiness.server";

export const dynamic = "force-dynamic";

export function GET() {
  const state = readiness();
  return Response.json(
    { status: state.ready ? "ready" : "not_ready", mode: state.mode, problems: state.problems },
    { status: state.ready ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
