import { ItemSkeleton } from "@/components/states/item-skeleton";

/** Shown while the server asks Allo for the item: the page's own shape, so nothing jumps. */
export default function ItemLoading() {
  return <ItemSkeleton />;
}
