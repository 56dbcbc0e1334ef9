import { FIRST_SCREEN_END_ID } from "@/lib/items/first-screen";

/** The first screen's end marker (lib/items/first-screen.ts): no box, nothing for assistive tech. */
export function FirstScreenEnd() {
  return <span id={FIRST_SCREEN_END_ID} hidden />;
}
