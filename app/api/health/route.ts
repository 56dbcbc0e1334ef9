/** GET /api/health — liveness: the process is up and answering. No secrets, no upstream call. */
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
