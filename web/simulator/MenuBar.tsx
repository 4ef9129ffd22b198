// The account's custom menu at the foot of the chat: one button per CLICK-key trigger in the flows.
import type { FlowCatalog } from "../../shared/engine";

export interface MenuButton {
  key: string;
  label: string;
}

/** Buttons from click triggers (WeChat shows at most 3 top-level ones); labelled by the flow's name. */
export function menuButtonsOf(catalog: FlowCatalog): MenuButton[] {
  const buttons: MenuButton[] = [];
  const seen = new Set<string>();
  for (const id of Object.keys(catalog.flows).sort()) {
    const flow = catalog.flows[id]!.flow;
    for (const trigger of flow.triggers) {
      if (trigger.type !== "event" || trigger.event !== "click" || !trigger.key) continue;
      if (seen.has(trigger.key)) continue;
      seen.add(trigger.key);
      buttons.push({ key: trigger.key, label: flow.name });
    }
  }
  return buttons.slice(0, 3);
}

export function MenuBar({
  buttons,
  onClick,
}: {
  buttons: MenuButton[];
  onClick: (key: string) => void;
}) {
  return (
    <div className="wx-menubar" data-testid="wx-menubar">
      <span className="wx-menubar-kbd">⌨</span>
      {buttons.map((b) => (
        <button
          key={b.key}
          type="button"
          className="wx-menubar-btn"
          title={b.key}
          onClick={() => onClick(b.key)}
        >
          {b.label}
        </button>
      ))}
    </div>
  );
}
