"use client";

/**
 * Adding and removing tags on a call, optimistically: the page shows the change at once
 * (`onMutate` writes it into the item's query), undoes it if the dashboard or Allo refuses
 * (`onError`, with a message), and re-reads the item when the last change in flight has settled
 * (`onSettled`), so the page ends on Allo's truth.
 *
 * One intent per tag at a time: a second click on a tag whose change is still on its way
 * (a double click) is ignored, synchronously, before React has even re-rendered.
 */
import { useMutation, useMutationState, useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { itemQueryKey } from "@/lib/items/item-query";
import type { PublicItem } from "@/lib/items/public-item";
import {
  applyTagChange,
  newIdempotencyKey,
  sendTagChange,
  tagChangeFailure,
  tagChangeMutationKey,
  tagChangeRetryDelayMs,
  undoTagChange,
  type TagChange,
} from "@/lib/items/tags-query";

export type TagNotice = { tone: "success" | "error"; text: string; seq: number };

export function useTagChanges(itemId: string, tags: readonly string[]) {
  const queryClient = useQueryClient();
  const inFlight = useRef(new Set<string>());
  const [notice, setNotice] = useState<TagNotice | null>(null);
  /** The last removal that went through, so the list can move focus off the vanished tag. */
  const [removed, setRemoved] = useState<{ tag: string; position: number; seq: number } | null>(null);
  const mutationKey = tagChangeMutationKey(itemId);

  const updateTags = useCallback(
    (change: (tags: readonly string[]) => string[]) =>
      queryClient.setQueryData<PublicItem>(itemQueryKey(itemId), (item) =>
        item ? { ...item, tags: change(item.tags ?? []) } : item,
      ),
    [queryClient, itemId],
  );

  const mutation = useMutation({
    mutationKey,
    mutationFn: (change: TagChange) => sendTagChange(itemId, change),
    retry: (failureCount, error) => tagChangeRetryDelayMs(error, failureCount) !== null,
    retryDelay: (failureCount, error) => tagChangeRetryDelayMs(error, failureCount) ?? 0,
    onMutate: async (change) => {
      // A poll of the item landing now would overwrite the optimistic tags with older ones.
      await queryClient.cancelQueries({ queryKey: itemQueryKey(itemId) });
      updateTags((current) => applyTagChange(current, change));
    },
    onError: (error, change) => {
      updateTags((current) => undoTagChange(current, change));
      setNotice({ tone: "error", text: tagChangeFailure(change, error), seq: Date.now() });
    },
    onSuccess: (_answer, change) => {
      const text = change.action === "add" ? `Added tag ${change.tag}.` : `Removed tag ${change.tag}.`;
      setNotice({ tone: "success", text, seq: Date.now() });
      if (change.action === "remove")
        setRemoved({ tag: change.tag, position: change.position, seq: Date.now() });
    },
    onSettled: async (_answer, _error, change) => {
      inFlight.current.delete(change.tag);
      // Only the last change in flight re-reads the item, so an earlier one's answer cannot
      // wipe a later one's optimistic tag off the page.
      if (queryClient.isMutating({ mutationKey }) === 1) {
        await queryClient.invalidateQueries({ queryKey: itemQueryKey(itemId) });
      }
    },
  });

  const pending = useMutationState({
    filters: { mutationKey, status: "pending" },
    select: (entry) => entry.state.variables as TagChange,
  });

  /** Asks for one change; false when it is already so or a change of this tag is on its way. */
  function request(action: TagChange["action"], tag: string): boolean {
    if (inFlight.current.has(tag)) return false;
    const position = tags.indexOf(tag);
    if (action === "add" ? position !== -1 : position === -1) return false;
    inFlight.current.add(tag);
    mutation.mutate({ action, tag, idempotencyKey: newIdempotencyKey(), position });
    return true;
  }

  return { request, pending, notice, removed };
}
