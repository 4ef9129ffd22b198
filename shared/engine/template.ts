// `{{var}}` / `{{var|fallback}}` / `{{follower.openid}}` placeholders: rendering and listing.
import type { VariableValue } from "../schema";
import type { FollowerView } from "./types";

/** Placeholders that read the follower rather than a flow variable. */
export const FOLLOWER_TEMPLATE_FIELDS = ["follower.openid", "follower.scene"] as const;

const PLACEHOLDER =
  /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*(?:\|([^}]*))?\}\}/g;

/**
 * How a value is escaped where it lands: plain text, a URL component, or inside a JSON string.
 * In "url" mode a placeholder that opens the text (`{{base}}/orders`) stays raw: it is the address.
 */
export type TemplateEscape = "none" | "url" | "json";

function lookup(
  name: string,
  variables: Record<string, VariableValue>,
  follower: FollowerView | null,
): VariableValue | undefined {
  if (name === "follower.openid") return follower?.openid;
  if (name === "follower.scene") return follower?.scene ?? null;
  return Object.hasOwn(variables, name) ? variables[name] : undefined;
}

function escapeValue(value: string, mode: TemplateEscape): string {
  if (mode === "url") return encodeURIComponent(value);
  if (mode === "json") return JSON.stringify(value).slice(1, -1);
  return value;
}

/**
 * Renders placeholders. A variable that is missing, null or "" renders as its fallback, or as
 * nothing — never as the raw `{{name}}`, so a follower never sees template syntax.
 */
export function renderTemplate(
  text: string,
  variables: Record<string, VariableValue>,
  follower: FollowerView | null,
  escaping: TemplateEscape = "none",
): string {
  if (!text.includes("{{")) return text;
  return text.replace(
    PLACEHOLDER,
    (_match, name: string, fallback: string | undefined, offset: number) => {
      const mode = escaping === "url" && offset === 0 ? "none" : escaping;
      const value = lookup(name, variables, follower);
      const shown = value === undefined || value === null || value === "" ? null : String(value);
      if (shown === null) return fallback === undefined ? "" : escapeValue(fallback.trim(), mode);
      return escapeValue(shown, mode);
    },
  );
}

/** The names a text refers to, in order of first use, e.g. ["name", "follower.openid"]. */
export function templateVariables(text: string): string[] {
  if (!text.includes("{{")) return [];
  const names: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}
