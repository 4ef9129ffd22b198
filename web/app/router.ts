// A tiny hash router: #/login, #/flows, #/flows/<id>, #/menu; a page may guard leaving (unsaved changes).
import { useSyncExternalStore } from "react";

export type Route =
  | { page: "login" }
  | { page: "flows" }
  | { page: "editor"; flowId: string }
  | { page: "menu" };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "");
  const editor = /^\/flows\/([^/?#]+)$/.exec(path);
  if (editor?.[1]) return { page: "editor", flowId: decodeURIComponent(editor[1]) };
  if (path === "/login") return { page: "login" };
  if (path === "/menu") return { page: "menu" };
  return { page: "flows" };
}

export function routeHash(route: Route): string {
  switch (route.page) {
    case "login":
      return "#/login";
    case "flows":
      return "#/flows";
    case "editor":
      return `#/flows/${encodeURIComponent(route.flowId)}`;
    case "menu":
      return "#/menu";
  }
}

/** Returns true when leaving is fine; may ask the person first. */
type LeaveGuard = () => boolean | Promise<boolean>;
let leaveGuard: LeaveGuard | null = null;
let acceptedHash = typeof window === "undefined" ? "" : window.location.hash;
let restoring = false;
const listeners = new Set<() => void>();

export function setLeaveGuard(guard: LeaveGuard | null): void {
  leaveGuard = guard;
}

function notify(): void {
  acceptedHash = window.location.hash;
  for (const listener of listeners) listener();
}

/** Navigates after asking the current page's guard; `force` skips it (after login, 401). */
export async function navigate(route: Route, options: { force?: boolean } = {}): Promise<void> {
  const hash = routeHash(route);
  if (hash === window.location.hash) return;
  if (!options.force && leaveGuard && !(await leaveGuard())) return;
  // The page being left no longer guards; the next page sets its own guard when it mounts.
  leaveGuard = null;
  window.location.hash = hash;
}

if (typeof window !== "undefined") {
  window.addEventListener("hashchange", () => {
    if (restoring) {
      restoring = false;
      return;
    }
    // The browser's back button changes the hash before anyone is asked: ask now and undo if refused.
    if (leaveGuard) {
      const target = window.location.hash;
      const previous = acceptedHash;
      const guard = leaveGuard;
      restoring = true;
      window.location.hash = previous;
      void Promise.resolve(guard()).then((ok) => {
        if (!ok) return;
        leaveGuard = null;
        window.location.hash = target;
      });
      return;
    }
    notify();
  });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function snapshot(): string {
  return acceptedHash;
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, snapshot, () => "");
  return parseRoute(hash);
}
