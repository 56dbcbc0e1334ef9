import { StatePanel } from "./state-panel";
import { buttonClass } from "@/components/ui/button-styles";

/** For `/items/<anything that is not an Allo id>`: explained without asking Allo anything. */
export function MalformedIdPanel({ id }: { id: string }) {
  return (
    <StatePanel title="This link doesn't look like a Callview item link" tone="info">
      <p>
        The address ends in{" "}
        <code dir="auto" className="rounded bg-zinc-100 px-1 font-mono break-all dark:bg-zinc-800">
          {id}
        </code>
        , which is not a call or message id.
      </p>
      <p>
        Item links look like <code className="font-mono">/items/cll-…</code> for a call or{" "}
        <code className="font-mono">/items/msg-…</code> for a text message: the prefix, a dash, then letters
        and digits. The link may have been cut off when it was copied — try copying it again from the
        notification.
      </p>
      <p className="pt-2">
        <a href="/" className={buttonClass("primary")}>
          Open a call or message
        </a>
      </p>
    </StatePanel>
  );
}
