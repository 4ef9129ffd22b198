// Which buttons the phone's menu bar shows, and what a tap on each kind of button does.
import { describe, expect, it } from "vitest";
import complaintJson from "../../flows/complaint.json";
import courseJson from "../../flows/course.json";
import ecommerceJson from "../../flows/ecommerce.json";
import type { FlowCatalog } from "../../shared/engine";
import type { MenuAction, MenuDocument } from "../../shared/menu";
import { type Flow, parseFlow } from "../../shared/schema";
import { phoneMenuOf, tapOf } from "./phoneMenu";
import { createSimulatorStore } from "./simulatorStore";

function flow(raw: unknown): Flow {
  const parsed = parseFlow(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.flow;
}

const examples = [flow(ecommerceJson), flow(courseJson), flow(complaintJson)];
const catalog: FlowCatalog = {
  flows: Object.fromEntries(examples.map((f) => [f.id, { flow: f, version: 0 }])),
};

function withClickTrigger(base: Flow, id: string, key: string): Flow {
  return { ...base, triggers: [...base.triggers, { id, type: "event", event: "click", key }] };
}

const menu: MenuDocument = {
  schemaVersion: 1,
  buttons: [
    {
      id: "b_course",
      name: "课程",
      children: [
        { id: "s_consult", name: "课程咨询", type: "click", key: "MENU_COURSE" },
        { id: "s_site", name: "官网", type: "view", url: "https://example.com/" },
      ],
    },
    { id: "b_shop", name: "商城", type: "click", key: "SHOP", children: [] },
  ],
};

describe("phoneMenuOf", () => {
  it("shows the saved menu's buttons, with their sub-buttons, when it has any", () => {
    const shown = phoneMenuOf(menu, catalog);
    expect(shown.source).toBe("menu");
    expect(shown.buttons.map((b) => [b.name, b.children.map((c) => c.name)])).toEqual([
      ["课程", ["课程咨询", "官网"]],
      ["商城", []],
    ]);
    expect(shown.buttons[1]!.action).toMatchObject({ type: "click", key: "SHOP" });
  });

  it("shows no more than WeChat does: 3 top buttons, 5 sub-buttons each", () => {
    const action = (id: string): MenuAction => ({ id, name: id, type: "click", key: id });
    const big: MenuDocument = {
      schemaVersion: 1,
      buttons: ["a", "b", "c", "d"].map((id) => ({
        ...action(id),
        children: ["1", "2", "3", "4", "5", "6"].map((n) => action(`${id}${n}`)),
      })),
    };
    const shown = phoneMenuOf(big, catalog);
    expect(shown.buttons.map((b) => b.name)).toEqual(["a", "b", "c"]);
    expect(shown.buttons[0]!.children.map((c) => c.name)).toEqual(["a1", "a2", "a3", "a4", "a5"]);
  });

  it("falls back to one button per click trigger, labelled by the flow, when no menu is saved", () => {
    for (const saved of [null, { schemaVersion: 1 as const, buttons: [] }]) {
      const shown = phoneMenuOf(saved, catalog);
      expect(shown.source).toBe("triggers");
      expect(shown.buttons.map((b) => [b.name, b.action.key, b.children.length])).toEqual([
        ["课程咨询", "MENU_COURSE", 0],
      ]);
    }
  });

  it("keeps the first flow of a shared key and at most 3 trigger buttons", () => {
    const course = examples[1]!;
    const ecommerce = withClickTrigger(
      withClickTrigger(withClickTrigger(examples[0]!, "t_k1", "K1"), "t_k2", "K2"),
      "t_dup",
      "MENU_COURSE",
    );
    const many: FlowCatalog = {
      flows: { course: { flow: course, version: 0 }, ecommerce: { flow: ecommerce, version: 0 } },
    };
    const shown = phoneMenuOf(null, many);
    expect(shown.buttons.map((b) => `${b.name}·${b.action.key}`)).toEqual([
      `${course.name}·MENU_COURSE`,
      `${ecommerce.name}·K1`,
      `${ecommerce.name}·K2`,
    ]);
  });
});

describe("tapOf", () => {
  const tap = (action: Omit<MenuAction, "id" | "name">) =>
    tapOf({ id: "b", name: "按钮", ...action }, "人民广场");

  it("click sends the CLICK event with its key, and nothing else", () => {
    expect(tap({ type: "click", key: " SHOP " })).toEqual({
      note: null,
      send: [{ type: "event", event: "click", key: "SHOP" }],
    });
  });

  it("view and miniprogram only say what the phone opened: no flow hears them", () => {
    expect(tap({ type: "view", url: "https://example.com/a" })).toEqual({
      note: { code: "view", url: "https://example.com/a" },
      send: [],
    });
    expect(tap({ type: "miniprogram", appid: "wx123", pagepath: "pages/index" })).toEqual({
      note: { code: "miniprogram", appid: "wx123", pagepath: "pages/index" },
      send: [],
    });
  });

  it("scanner buttons send their key as a click, as the runtime maps scancode_* events", () => {
    expect(tap({ type: "scancode_push", key: "SCAN" })).toEqual({
      note: { code: "scan", waitmsg: false },
      send: [{ type: "event", event: "click", key: "SCAN" }],
    });
    expect(tap({ type: "scancode_waitmsg", key: "SCAN" }).note).toEqual({
      code: "scan",
      waitmsg: true,
    });
  });

  it("photo buttons send the key, then a photo; the location button the key, then a place", () => {
    for (const type of ["pic_sysphoto", "pic_photo_or_album", "pic_weixin"] as const) {
      const { note, send } = tap({ type, key: "PIC" });
      expect(note).toEqual({ code: "photo" });
      expect(send).toEqual([
        { type: "event", event: "click", key: "PIC" },
        expect.objectContaining({ type: "media", media: "image" }),
      ]);
    }
    expect(tap({ type: "location_select", key: "WHERE" })).toEqual({
      note: { code: "location" },
      send: [
        { type: "event", event: "click", key: "WHERE" },
        { type: "media", media: "location", label: "人民广场" },
      ],
    });
  });

  it("a button without an action or without its key says so and sends nothing", () => {
    expect(tap({})).toEqual({ note: { code: "noType", name: "按钮" }, send: [] });
    expect(tap({ type: "click", key: "  " })).toEqual({
      note: { code: "noKey", name: "按钮" },
      send: [],
    });
    expect(tap({ type: "pic_weixin" })).toEqual({
      note: { code: "noKey", name: "按钮" },
      send: [],
    });
  });
});

describe("a tap in the simulator", () => {
  function simulator() {
    return createSimulatorStore({
      getCatalog: () => catalog,
      flowId: "course",
      now: () => Date.parse("2025-03-10T10:00:00+08:00"),
      randomId: () => "abc123",
    });
  }

  it("a sub-button whose key a flow claims starts that flow", async () => {
    const store = simulator();
    const consult = menu.buttons[0]!.children[0]!;
    for (const input of tapOf(consult, "人民广场").send) await store.getState().send(input);
    const kinds = store.getState().entries.map((e) => e.kind);
    expect(kinds[0]).toBe("follower");
    expect(kinds).toContain("account");
    expect(store.getState().sim.session?.flowId).toBe("course");
  });

  it("a link's note lands in the chat without a follower message or a reply", () => {
    const store = simulator();
    const { note } = tapOf(menu.buttons[0]!.children[1]!, "人民广场");
    store.getState().addNote({ code: "menu", note: note! });
    expect(store.getState().entries).toMatchObject([
      {
        kind: "system",
        line: { code: "menu", note: { code: "view", url: "https://example.com/" } },
      },
    ]);
    expect(store.getState().sim.session).toBeNull();
  });
});
