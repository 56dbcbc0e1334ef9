/**
 * Any address that is not a Callview page. Routing it here (rather than to the root not-found)
 * puts the "not found" page inside the dashboard's layout, with its shell and demo banner.
 */
import { notFound } from "next/navigation";

export default function MissingPage(): never {
  notFound();
}
