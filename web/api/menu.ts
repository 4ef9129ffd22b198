// The custom menu's admin API (GET /api/menu), typed per the menu contract.
import type { MenuDocument, MenuProblem } from "../../shared/menu";
import { ApiError } from "./ApiError";

/** What GET, PUT and a successful publish of /api/menu answer. */
export interface MenuState {
  menu: MenuDocument;
  /** null: no draft file yet. */
  revision: string | null;
  updatedAt: string | null;
  problems: MenuProblem[];
  /** Click triggers of the latest published version of each flow. */
  clickKeys: Array<{ key: string; flowId: string; flowName: string }>;
  published: { version: number; publishedAt: string; menu: MenuDocument } | null;
  wechat: { configured: boolean };
}

/**
 * The saved draft. A plain fetch on purpose: the preview loads it in the background, so a failure
 * must neither send the editor to the login page nor raise the connection toast.
 */
export async function getMenu(): Promise<MenuState> {
  let response: Response;
  try {
    response = await fetch("/api/menu", { credentials: "same-origin" });
  } catch (cause) {
    const error = new ApiError(0, "network", undefined);
    error.cause = cause;
    throw error;
  }
  if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, undefined);
  return (await response.json()) as MenuState;
}
