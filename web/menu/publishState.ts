// Whether the draft can go to WeChat now and, if not, the one reason the marketer should read first.
import { type MenuDocument, type MenuProblem, toWechatMenu } from "../../shared/menu";
import type { SaveStatus } from "../app/useFlowSaver";

export type PublishBlocker =
  | { reason: "conflict" }
  | { reason: "invalid" }
  | { reason: "errors"; count: number }
  | { reason: "notConfigured" };

export function publishBlocker(input: {
  problems: readonly MenuProblem[];
  wechatConfigured: boolean;
  saveStatus: SaveStatus;
  conflict: boolean;
}): PublishBlocker | null {
  // What the marketer can fix here comes before what the engineer must fix on the server.
  if (input.conflict) return { reason: "conflict" };
  if (input.saveStatus === "invalid") return { reason: "invalid" };
  const count = input.problems.filter((p) => p.severity === "error").length;
  if (count > 0) return { reason: "errors", count };
  if (!input.wechatConfigured) return { reason: "notConfigured" };
  return null;
}

/** True when followers would see something else than the published menu (ids and unused actions aside). */
export function draftDiffers(draft: MenuDocument, published: MenuDocument): boolean {
  return JSON.stringify(toWechatMenu(draft)) !== JSON.stringify(toWechatMenu(published));
}
