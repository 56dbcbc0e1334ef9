/**
 * Per-process state that belongs to one Allo runtime (the client and the limiters it uses): the
 * history, tag and capability caches. Kept on globalThis like the runtime itself, because route
 * handlers and pages may each bundle their own copy of a module, and keyed by the runtime, so
 * state built for one client is never used with another (dev reloads, tests).
 */
import "server-only";
import { alloRuntime } from "./allo.server";

export type AlloRuntime = ReturnType<typeof alloRuntime>;

const globalState = globalThis as typeof globalThis & {
  __callviewRuntimeState?: WeakMap<AlloRuntime, Map<string, unknown>>;
};

/** The value named `name` for the current runtime, created by `create` on first use. */
export function runtimeState<T>(name: string, create: (runtime: AlloRuntime) => T): T {
  const runtime = alloRuntime();
  globalState.__callviewRuntimeState ??= new WeakMap();
  let values = globalState.__callviewRuntimeState.get(runtime);
  if (!values) {
    values = new Map();
    globalState.__callviewRuntimeState.set(runtime, values);
  }
  if (!values.has(name)) values.set(name, create(runtime));
  return values.get(name) as T;
}
