// Which buttons of the saved custom menu send which key, for the flow's menu-click triggers.
import type { MenuAction, MenuButtonType, MenuDocument } from "../../shared/menu";
import { keyedMenuButtonTypes } from "../../shared/menu";

/** One button a follower can press that reaches a click trigger with `key`. */
export interface MenuKeyChoice {
  key: string;
  /** The names from the menu bar down: ["更多", "课程顾问"], or ["课程咨询"] for a top button. */
  path: string[];
  /**
   * "click", or a scan/photo/location picker: WeChat reports those with the button's key too and
   * the runtime hands them to the engine as a click (server/wechat/toEngineInput.ts).
   */
  type: MenuButtonType;
  buttonId: string;
}

function choiceOf(button: MenuAction, path: string[]): MenuKeyChoice | null {
  if (!button.type || !keyedMenuButtonTypes.has(button.type) || !button.key) return null;
  return { key: button.key, path, type: button.type, buttonId: button.id };
}

/** The menu's keyed buttons in the order the follower sees them; a parent only opens its children. */
export function menuKeyChoices(menu: MenuDocument): MenuKeyChoice[] {
  const choices: MenuKeyChoice[] = [];
  for (const top of menu.buttons) {
    if (top.children.length === 0) {
      const own = choiceOf(top, [top.name]);
      if (own) choices.push(own);
      continue;
    }
    for (const child of top.children) {
      const sub = choiceOf(child, [top.name, child.name]);
      if (sub) choices.push(sub);
    }
  }
  return choices;
}

/** The buttons that send `key` (exactly, as the engine matches it); empty when none does. */
export function buttonsWithKey(choices: readonly MenuKeyChoice[], key: string): MenuKeyChoice[] {
  return choices.filter((c) => c.key === key);
}

/** 「更多 › 课程顾问」 without the corner brackets, which the sentence around it supplies. */
export function menuPath(choice: MenuKeyChoice): string {
  return choice.path.join(" › ");
}
