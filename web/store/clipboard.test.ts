// Copy, paste and duplicate: new ids everywhere, edges inside the copy kept, edges out of it dropped.
import { describe, expect, it } from "vitest";
import { createEditorStore } from "./editorStore";
import { sampleFlow } from "./testFlows";

function loaded() {
  const store = createEditorStore();
  store.getState().loadFlow(sampleFlow(), "rev1");
  return store;
}

describe("copy and paste", () => {
  it("pastes copies with new ids, re-mapped option handles, and no external edges", () => {
    const store = loaded();
    store.getState().setSelection(["ask", "price"]);
    const text = store.getState().copySelection();
    expect(text).toContain("huashu/nodes");
    expect(store.getState().pasteText(text ?? "", { x: 500, y: 500 })).toBe(2);

    const s = store.getState();
    expect(s.nodes).toHaveLength(6);
    const pasted = s.nodes.filter((n) => n.selected);
    expect(pasted.map((n) => n.data.kind).sort()).toEqual(["end", "question"]);
    const ask = pasted.find((n) => n.data.kind === "question")?.data;
    const end = pasted.find((n) => n.data.kind === "end")?.data;
    if (ask?.kind !== "question" || ask.answer.type !== "options" || !end)
      throw new Error("bad paste");
    expect(ask.id).not.toBe("ask");
    expect(ask.answer.options.map((o) => o.label)).toEqual(["价格", "尺寸"]);
    expect(ask.answer.options.map((o) => o.id)).not.toContain("o_price");
    // the copied edge ask→price follows, pointing from the new option to the new end node
    const newEdges = s.edges.filter((e) => e.source === ask.id);
    expect(newEdges).toEqual([
      expect.objectContaining({ sourceHandle: ask.answer.options[0]?.id, target: end.id }),
    ]);
    // hello→ask (from outside) and ask→size (to outside) are not copied
    expect(s.edges.filter((e) => e.target === ask.id)).toHaveLength(0);
    expect(s.edges).toHaveLength(4);
    // the group's top-left lands where asked
    expect(ask.position).toEqual({ x: 700, y: 500 });
    expect(end.position).toEqual({ x: 500, y: 700 });
    expect(store.getState().selectedNodeIds).toEqual(pasted.map((n) => n.id));
    store.getState().undo();
    expect(store.getState().nodes).toHaveLength(4);
  });

  it("pastes into another flow's store through the clipboard text", async () => {
    const a = loaded();
    a.getState().setSelection(["hello", "ask"]);
    a.getState().copySelection();
    const b = createEditorStore();
    b.getState().loadFlow(
      { ...sampleFlow(), id: "other", nodes: sampleFlow().nodes.slice(2), edges: [] },
      "r",
    );
    expect(await b.getState().paste()).toBe(2);
    const kinds = b.getState().nodes.map((n) => n.data.kind);
    expect(kinds).toEqual(["end", "end", "message", "question"]);
    expect(b.getState().edges).toHaveLength(1);
    expect(b.getState().dirty).toBe(true);
  });

  it("ignores clipboard text that is not Huashu nodes", () => {
    const store = loaded();
    expect(store.getState().pasteText("hello world")).toBe(0);
    expect(
      store.getState().pasteText('{"type":"huashu/nodes","nodes":[{"id":"x"}],"edges":[]}'),
    ).toBe(0);
    expect(store.getState().nodes).toHaveLength(4);
  });

  it("duplicates the selection next to the original", () => {
    const store = loaded();
    store.getState().setSelection(["hello"]);
    store.getState().duplicateSelection();
    const copies = store.getState().nodes.filter((n) => n.selected);
    expect(copies).toHaveLength(1);
    expect(copies[0]?.data).toMatchObject({
      kind: "message",
      label: "问候",
      position: { x: 40, y: 40 },
    });
    expect(copies[0]?.id).not.toBe("hello");
  });
});
