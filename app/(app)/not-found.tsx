import type { Metadata } from "next";
import { StatePanel } from "@/components/states/state-panel";
import { buttonClass } from "@/components/ui/button-styles";
import { NOT_FOUND_TITLE } from "@/lib/api/page-status";

export const metadata: Metadata = { title: NOT_FOUND_TITLE };

/** Any address that is not a Callview page (see ./[...missing]). */
export default function NotFound() {
  return (
    <StatePanel
      title="There's no page at this address"
      tone="info"
      actions={
        <a href="/" className={buttonClass("primary")}>
          Go to Callview home
        </a>
      }
    >
      <p>
        Callview pages are <code className="font-mono">/items/cll-…</code> for calls and{" "}
        <code className="font-mono">/items/msg-…</code> for text messages. Check the link, or paste it on the
        home page.
      </p>
    </StatePanel>
  );
}
