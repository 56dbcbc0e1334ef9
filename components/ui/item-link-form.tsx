"use client";

import { buttonClass } from "@/components/ui/button-styles";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { itemReferenceError, parseItemReference } from "@/lib/links";

/**
 * Paste a Callview link, an Allo link or a bare id; opens the item page. Validates inline in
 * the browser; without JavaScript the form is a GET to the home page, which validates and
 * redirects on the server (`initialError` / `initialValue` carry its answer back).
 */
export function ItemLinkForm({
  initialValue = "",
  initialError = null,
}: {
  initialValue?: string;
  initialError?: string | null;
}) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(initialValue);
  const [error, setError] = useState<string | null>(initialError);
  const [opening, setOpening] = useState(false);

  return (
    <form
      method="get"
      action="/"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = parseItemReference(value);
        if (!parsed.ok) {
          setError(itemReferenceError(parsed.reason));
          input.current?.focus();
          return;
        }
        setError(null);
        setOpening(true);
        router.push(parsed.href);
      }}
    >
      <label htmlFor="item-reference" className="block text-sm font-medium">
        Callview link or item id
      </label>
      <div className="mt-1.5 flex flex-col gap-2 sm:flex-row">
        <input
          ref={input}
          id="item-reference"
          name="q"
          type="text"
          inputMode="url"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            if (error) setError(null);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "item-reference-error item-reference-hint" : "item-reference-hint"}
          placeholder="https://…/items/cll-…  or  cll-…"
          className={`min-w-0 flex-1 rounded-md border bg-white px-3 py-2 font-mono text-sm text-zinc-900 placeholder:text-zinc-500 dark:bg-zinc-950 dark:text-zinc-100 dark:placeholder:text-zinc-500 ${
            error ? "border-red-600 dark:border-red-400" : "border-zinc-300 dark:border-zinc-700"
          }`}
        />
        <button type="submit" disabled={opening} className={buttonClass("primary")}>
          {opening ? "Opening…" : "Open"}
        </button>
      </div>
      <p id="item-reference-hint" className="mt-1.5 text-xs text-zinc-600 dark:text-zinc-400">
        A call id starts with <code className="font-mono">cll-</code>, a message id with{" "}
        <code className="font-mono">msg-</code>. Links keep their <code className="font-mono">?t=</code> time.
      </p>
      <p
        id="item-reference-error"
        role="alert"
        className="mt-1.5 text-sm font-medium text-red-700 empty:hidden dark:text-red-400"
      >
        {error ?? ""}
      </p>
    </form>
  );
}
