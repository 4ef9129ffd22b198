// The menu editor's store: WeChat's button counts, selection, one undo step per edit, and dirtiness.
import { describe, expect, it } from "vitest";
import type { MenuDocument } from "../../shared/menu";
import { createMenuEditorStore } from "./menuStore";

const saved: MenuDocument = {
  schemaVersion: 1,
  buttons: [
    { id: "shop", name: "商品", type: "click", key: "SHOP", children: [] },
    {
      id: "more",
      name: "更多",
      children: [
        { id: "site", name: "官网", type: "view", url: "https://x.cn/" },
        { id: "faq", name: "常见问题", type: "click", key: "FAQ" },
      ],
    },
  ],
};

function loaded() {
  const store = createMenuEditorStore();
  store.getState().load(saved, "rev-1");
  return store;
}

const names = (menu: MenuDocument) =>
  menu.buttons.map((b) => [b.name, ...b.children.map((c) => c.name)].join("/"));

describe("menu editor store", () => {
  it("adds at most 3 top buttons and 5 sub-buttons, selecting each new one", () => {
    const store = loaded();
    const id = store.getState().addButton("菜单");
    expect(store.getState().selectedId).toBe(id);
    expect(store.getState().addButton("第四个")).toBeNull();
    expect(store.getState().menu.buttons).toHaveLength(3);
    for (const n of [1, 2, 3]) expect(store.getState().addChild("more", `子${n}`)).not.toBeNull();
    expect(store.getState().addChild("more", "第六个")).toBeNull();
    expect(store.getState().menu.buttons[1]?.children).toHaveLength(5);
    // New ids never collide with existing ones.
    const ids = store
      .getState()
      .menu.buttons.flatMap((b) => [b.id, ...b.children.map((c) => c.id)]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("makes typing one name one undo step, and a second field another", () => {
    const store = loaded();
    const s = () => store.getState();
    for (const name of ["商", "商品", "商品咨", "商品咨询"]) s().update("shop", { name }, "name");
    s().update("shop", { key: "SHOP2" }, "key");
    expect(s().menu.buttons[0]).toMatchObject({ name: "商品咨询", key: "SHOP2" });
    s().undo();
    expect(s().menu.buttons[0]).toMatchObject({ name: "商品咨询", key: "SHOP" });
    s().undo();
    expect(s().menu.buttons[0]).toMatchObject({ name: "商品", key: "SHOP" });
    expect(s().dirty).toBe(false);
    s().redo();
    expect(s().menu.buttons[0]?.name).toBe("商品咨询");
    expect(s().dirty).toBe(true);
    // Typing the same field again after a pause in typing (blur) is a new step.
    s().endTyping();
    s().update("shop", { name: "咨询" }, "name");
    s().undo();
    expect(s().menu.buttons[0]?.name).toBe("商品咨询");
  });

  it("removes and moves buttons, keeping a sensible selection, and undo brings them back", () => {
    const store = loaded();
    const s = () => store.getState();
    s().move("faq", -1);
    expect(names(s().menu)).toEqual(["商品", "更多/常见问题/官网"]);
    s().move("faq", -1); // already first: nothing happens, no undo step
    s().move("shop", 1);
    expect(names(s().menu)).toEqual(["更多/常见问题/官网", "商品"]);
    s().select("more");
    s().remove("more");
    expect(names(s().menu)).toEqual(["商品"]);
    expect(s().selectedId).toBe("shop");
    s().undo();
    expect(names(s().menu)).toEqual(["更多/常见问题/官网", "商品"]);
    s().undo();
    s().undo();
    expect(s().menu).toEqual(saved);
    expect(s().past).toHaveLength(0);
    expect(s().dirty).toBe(false);
  });

  it("forgets redo after a new edit, and drops a selection that undo took away", () => {
    const store = loaded();
    const s = () => store.getState();
    const id = s().addButton("新按钮");
    s().undo();
    expect(s().selectedId).toBeNull();
    expect(s().future).toHaveLength(1);
    s().update("shop", { name: "商城" });
    expect(s().future).toHaveLength(0);
    s().redo();
    expect(s().menu.buttons.some((b) => b.id === id)).toBe(false);
  });

  it("stays dirty when the menu changed while a save was on its way", () => {
    const store = loaded();
    const s = () => store.getState();
    s().update("shop", { name: "商城" });
    const sent = s().menu;
    s().update("shop", { name: "商城2" });
    s().markSaved("rev-2", sent);
    expect(s().revision).toBe("rev-2");
    expect(s().dirty).toBe(true);
    s().markSaved("rev-3", s().menu);
    expect(s().dirty).toBe(false);
  });

  it("loads a published version over the draft as one undo step, unsaved, and undo brings the draft back", () => {
    const store = loaded();
    const s = () => store.getState();
    const version1: MenuDocument = {
      schemaVersion: 1,
      buttons: [{ id: "course", name: "课程咨询", type: "click", key: "COURSE", children: [] }],
    };
    // Half-typed name: the load ends that typing step and is a step of its own.
    s().update("shop", { name: "商城" }, "name");
    expect(s().replace(version1)).toBe(true);
    expect(s().menu).toEqual(version1);
    expect(s().menu).not.toBe(version1);
    expect(s().dirty).toBe(true);
    expect(s().selectedId).toBe("course");
    // Editing the draft afterwards leaves the version as it was published.
    s().update("course", { name: "课程" });
    expect(version1.buttons[0]?.name).toBe("课程咨询");
    s().undo();
    expect(s().menu).toEqual(version1);
    s().undo();
    expect(names(s().menu)).toEqual(["商城", "更多/官网/常见问题"]);
    expect(s().selectedId).toBeNull();
    s().undo();
    expect(s().menu).toEqual(saved);
    expect(s().dirty).toBe(false);
    s().redo();
    s().redo();
    expect(s().menu).toEqual(version1);
    // Loading what the draft already is changes nothing and adds no step.
    const steps = s().past.length;
    expect(s().replace(version1)).toBe(false);
    expect(s().past).toHaveLength(steps);
  });
});
