"use client";

import { useParams } from "next/navigation";
import { NotFoundPanel } from "./not-found-panel";

/** The not-found file gets no params, so the id is read from the route on the client side. */
export function NotFoundForRoute() {
  const params = useParams<{ id?: string | string[] }>();
  const raw = params?.id;
  const id = typeof raw === "string" ? safeDecode(raw) : null;
  return <NotFoundPanel id={id} />;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
