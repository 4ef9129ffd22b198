// WeChat events: follower changes they imply, and the event trigger (if any) they start.
import type { CatalogIndex, EventCandidate } from "./catalogIndex";
import type { Input } from "./types";

type EventInput = Extract<Input, { type: "event" }>;

/** WeChat writes a follow's scene as `qrscene_<scene>`; triggers and followers store it bare. */
export function bareScene(scene: string): string {
  return scene.startsWith("qrscene_") ? scene.slice("qrscene_".length) : scene;
}

/** The first event trigger (by flow id, then order) for this event, scene and key. */
function first(
  index: CatalogIndex,
  event: EventCandidate["trigger"]["event"],
  /** A scene to equal, or null for triggers that name no scene. */
  scene: string | null,
  key?: string,
): EventCandidate | null {
  for (const c of index.events) {
    const t = c.trigger;
    if (t.event !== event) continue;
    if (key !== undefined) {
      if (t.key === key) return c;
      continue;
    }
    if (scene === null ? !t.scene : t.scene === scene) return c;
  }
  return null;
}

/**
 * subscribe: a trigger for this scene beats one for any scene. scan: a scan trigger for this
 * scene, then one for any scene, then a subscribe trigger for this scene (a QR code made for
 * new followers also greets those who already follow). click: the menu key.
 */
export function matchEventTrigger(index: CatalogIndex, input: EventInput): EventCandidate | null {
  switch (input.event) {
    case "subscribe": {
      const scene = input.scene ? bareScene(input.scene) : null;
      return (
        (scene !== null ? first(index, "subscribe", scene) : null) ??
        first(index, "subscribe", null)
      );
    }
    case "scan": {
      const scene = bareScene(input.scene);
      return (
        first(index, "scan", scene) ??
        first(index, "scan", null) ??
        first(index, "subscribe", scene)
      );
    }
    case "click":
      return first(index, "click", null, input.key);
    default:
      return null;
  }
}
