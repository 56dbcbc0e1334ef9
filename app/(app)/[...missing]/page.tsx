/**
 * Any address that is not a Callview page. Routing it here (rather than to the root not-found)
 * puts the "not found" page inside the dashboard's layout, with its shell and demo banner.
 */
import { notFound } from "next/navigation";
import { requirePageViewer } from "@/lib/server/auth/session.server";

export default async function MissingPage(): Promise<never> {
  // Even "not found" is for signed-in viewers only: it would otherwise confirm the dashboard is here.
  await requirePageViewer();
  notFound();
}
