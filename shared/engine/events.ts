// WeChat events: follower changes they imply, and the event trigger (if any) they start.
import type { CatalogIndex, EventCandidate } from "./catalogIndex";
import type { Input } from "./types";

type EventInput = Extract<Input, { type: "event" }>;

/** WeChat writes a follow's scene as `qrscene_<scene>`; triggers and followers store it bare. */
export function bareScene(scene: string): string {
  return scene.startsWith("qrscene_") ? scene.slice("qrscene_".length) : scene;
}

function first(index: CatalogIndex, test: (c: EventCandidate) => boolean): EventCandidate | null {
  for (const c of index.events) if (test(c)) return c;
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
      const scene = input.scene ? bareScene(input.scene) : undefined;
      const isSubscribe = (c: EventCandidate) => c.trigger.event === "subscribe";
      if (scene !== undefined) {
        const exact = first(index, (c) => isSubscribe(c) && c.trigger.scene === scene);
        if (exact) return exact;
      }
      return first(index, (c) => isSubscribe(c) && !c.trigger.scene);
    }
    case "scan": {
      const scene = bareScene(input.scene);
      return (
        first(index, (c) => c.trigger.event === "scan" && c.trigger.scene === scene) ??
        first(index, (c) => c.trigger.event === "scan" && !c.trigger.scene) ??
        first(index, (c) => c.trigger.event === "subscribe" && c.trigger.scene === scene)
      );
    }
    case "click":
      return first(index, (c) => c.trigger.event === "click" && c.trigger.key === input.key);
    default:
      return null;
  }
}
