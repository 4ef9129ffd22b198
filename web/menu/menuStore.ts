// The menu editor's state: the draft menu, the selected button, and undo/redo of menu edits only.
import { createStore, type StoreApi } from "zustand/vanilla";
import {
  emptyMenu,
  MENU_LIMITS,
  type MenuAction,
  type MenuDocument,
  type MenuTopButton,
} from "../../shared/menu";

/** How far back undo reaches; a menu is small, so this is generous. */
const HISTORY_LIMIT = 200;

export type MenuButtonPatch = Partial<Omit<MenuAction, "id">>;

export interface MenuEditorState {
  menu: MenuDocument;
  /** The revision the draft is based on (null: no file on the server yet). */
  revision: string | null;
  /** The menu as last saved or loaded, to tell whether there is anything to save. */
  savedJson: string;
  dirty: boolean;
  /** Grows with every change of the menu (edit, undo, redo), so a save can tell it was overtaken. */
  docVersion: number;
  selectedId: string | null;
  past: MenuDocument[];
  future: MenuDocument[];
  /** The field being typed into: consecutive edits of it make one undo step. */
  typing: string | null;

  load: (menu: MenuDocument, revision: string | null) => void;
  markSaved: (revision: string | null, menu: MenuDocument) => void;
  select: (id: string | null) => void;
  /** Adds a top-level button (at most 3) and selects it; returns its id. */
  addButton: (name: string) => string | null;
  /** Adds a sub-button under a top-level button (at most 5) and selects it; returns its id. */
  addChild: (parentId: string, name: string) => string | null;
  /** Changes fields of a button; edits with the same `typing` key in a row are one undo step. */
  update: (id: string, patch: MenuButtonPatch, typing?: string) => void;
  remove: (id: string) => void;
  /** Moves a button among its siblings: -1 left (up), +1 right (down). */
  move: (id: string, delta: -1 | 1) => void;
  /** Replaces the whole draft (a published version loaded back) as one undo step; false if equal. */
  replace: (menu: MenuDocument) => boolean;
  /** Ends the current typing step, so the next keystroke starts a new undo step. */
  endTyping: () => void;
  undo: () => void;
  redo: () => void;
}

export type MenuEditorStore = StoreApi<MenuEditorState>;

/** Where a button is: its index among the top buttons, and among its parent's children. */
export function findButton(
  menu: MenuDocument,
  id: string,
): { top: number; child: number | null; button: MenuAction | MenuTopButton } | null {
  for (const [top, button] of menu.buttons.entries()) {
    if (button.id === id) return { top, child: null, button };
    const child = button.children.findIndex((c) => c.id === id);
    if (child >= 0) return { top, child, button: button.children[child]! };
  }
  return null;
}

function nextId(menu: MenuDocument): string {
  const used = new Set(menu.buttons.flatMap((b) => [b.id, ...b.children.map((c) => c.id)]));
  let n = used.size + 1;
  while (used.has(`button-${n}`)) n++;
  return `button-${n}`;
}

function swap<T>(list: T[], index: number, delta: number): T[] {
  const target = index + delta;
  if (target < 0 || target >= list.length) return list;
  const next = [...list];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

export function createMenuEditorStore(): MenuEditorStore {
  return createStore<MenuEditorState>()((set, get) => {
    /** Applies a change of the menu as one undo step (or part of the current typing step). */
    function change(menu: MenuDocument, extra: Partial<MenuEditorState> = {}, typing?: string) {
      const s = get();
      if (menu === s.menu) return;
      const continues = typing !== undefined && typing === s.typing;
      set({
        menu,
        past: continues ? s.past : [...s.past, s.menu].slice(-HISTORY_LIMIT),
        future: [],
        typing: typing ?? null,
        dirty: JSON.stringify(menu) !== s.savedJson,
        docVersion: s.docVersion + 1,
        ...extra,
      });
    }

    /** The selection stays on a button that still exists after undo/redo. */
    function keepSelection(menu: MenuDocument): string | null {
      const { selectedId } = get();
      return selectedId && findButton(menu, selectedId) ? selectedId : null;
    }

    return {
      menu: emptyMenu(),
      revision: null,
      savedJson: JSON.stringify(emptyMenu()),
      dirty: false,
      docVersion: 0,
      selectedId: null,
      past: [],
      future: [],
      typing: null,

      load: (menu, revision) =>
        set((s) => ({
          menu,
          revision,
          savedJson: JSON.stringify(menu),
          dirty: false,
          docVersion: s.docVersion + 1,
          selectedId: menu.buttons[0]?.id ?? null,
          past: [],
          future: [],
          typing: null,
        })),

      markSaved: (revision, menu) => {
        const savedJson = JSON.stringify(menu);
        set((s) => ({ revision, savedJson, dirty: JSON.stringify(s.menu) !== savedJson }));
      },

      select: (id) => set({ selectedId: id, typing: null }),

      addButton: (name) => {
        const { menu } = get();
        if (menu.buttons.length >= MENU_LIMITS.topButtons) return null;
        const id = nextId(menu);
        const button: MenuTopButton = { id, name, type: "click", key: "", children: [] };
        change({ ...menu, buttons: [...menu.buttons, button] }, { selectedId: id });
        return id;
      },

      addChild: (parentId, name) => {
        const { menu } = get();
        const parent = menu.buttons.find((b) => b.id === parentId);
        if (!parent || parent.children.length >= MENU_LIMITS.subButtons) return null;
        const id = nextId(menu);
        const child: MenuAction = { id, name, type: "click", key: "" };
        const buttons = menu.buttons.map((b) =>
          b.id === parentId ? { ...b, children: [...b.children, child] } : b,
        );
        change({ ...menu, buttons }, { selectedId: id });
        return id;
      },

      update: (id, patch, typing) => {
        const { menu } = get();
        const at = findButton(menu, id);
        if (!at) return;
        const buttons = menu.buttons.map((b, i) => {
          if (i !== at.top) return b;
          if (at.child === null) return { ...b, ...patch };
          return {
            ...b,
            children: b.children.map((c, j) => (j === at.child ? { ...c, ...patch } : c)),
          };
        });
        change({ ...menu, buttons }, {}, typing === undefined ? undefined : `${id}:${typing}`);
      },

      remove: (id) => {
        const { menu } = get();
        const at = findButton(menu, id);
        if (!at) return;
        if (at.child === null) {
          const buttons = menu.buttons.filter((b) => b.id !== id);
          const neighbour = buttons[Math.min(at.top, buttons.length - 1)];
          change({ ...menu, buttons }, { selectedId: neighbour?.id ?? null });
          return;
        }
        const parent = menu.buttons[at.top]!;
        const children = parent.children.filter((c) => c.id !== id);
        const neighbour = children[Math.min(at.child, children.length - 1)] ?? parent;
        const buttons = menu.buttons.map((b, i) => (i === at.top ? { ...b, children } : b));
        change({ ...menu, buttons }, { selectedId: neighbour.id });
      },

      move: (id, delta) => {
        const { menu } = get();
        const at = findButton(menu, id);
        if (!at) return;
        if (at.child === null) {
          const buttons = swap(menu.buttons, at.top, delta);
          if (buttons !== menu.buttons) change({ ...menu, buttons });
          return;
        }
        const parent = menu.buttons[at.top]!;
        const children = swap(parent.children, at.child, delta);
        if (children === parent.children) return;
        change({
          ...menu,
          buttons: menu.buttons.map((b) => (b === parent ? { ...b, children } : b)),
        });
      },

      replace: (menu) => {
        const s = get();
        if (JSON.stringify(menu) === JSON.stringify(s.menu)) return false;
        // A copy, so later edits never reach the version the caller still shows.
        const copy = structuredClone(menu);
        change(copy, { selectedId: copy.buttons[0]?.id ?? null });
        return true;
      },

      endTyping: () => set({ typing: null }),

      undo: () => {
        const s = get();
        const previous = s.past[s.past.length - 1];
        if (!previous) return;
        set({
          menu: previous,
          past: s.past.slice(0, -1),
          future: [s.menu, ...s.future],
          typing: null,
          dirty: JSON.stringify(previous) !== s.savedJson,
          docVersion: s.docVersion + 1,
          selectedId: keepSelection(previous),
        });
      },

      redo: () => {
        const s = get();
        const next = s.future[0];
        if (!next) return;
        set({
          menu: next,
          past: [...s.past, s.menu],
          future: s.future.slice(1),
          typing: null,
          dirty: JSON.stringify(next) !== s.savedJson,
          docVersion: s.docVersion + 1,
          selectedId: keepSelection(next),
        });
      },
    };
  });
}
