// The editor store as the canvas and inspector use it: editing, undo/redo, drags, selection and layout.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FlowNode, QuestionNode } from "../../shared/schema";
import { createEditorStore } from "./editorStore";
import { sampleFlow } from "./testFlows";

function loaded() {
  const store = createEditorStore();
  store.getState().loadFlow(sampleFlow(), "rev1");
  return store;
}

const steps = (store: ReturnType<typeof createEditorStore>) =>
  store.temporal.getState().pastStates.length;

function node(store: ReturnType<typeof createEditorStore>, id: string): FlowNode {
  const found = store.getState().nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found.data;
}

describe("load and toFlow", () => {
  it("round-trips a flow exactly, key order included", () => {
    const store = loaded();
    expect(JSON.stringify(store.getState().toFlow())).toBe(JSON.stringify(sampleFlow()));
    expect(store.getState().dirty).toBe(false);
    expect(store.getState().revision).toBe("rev1");
    expect(steps(store)).toBe(0);
  });

  for (const name of ["ecommerce", "course", "complaint"]) {
    it(`round-trips flows/${name}.json`, () => {
      const text = readFileSync(new URL(`../../flows/${name}.json`, import.meta.url), "utf8");
      const store = createEditorStore();
      store.getState().loadFlow(JSON.parse(text), "r");
      expect(`${JSON.stringify(store.getState().toFlow(), null, 2)}\n`).toBe(text);
    });
  }

  it("markSaved takes the new revision and clears dirty", () => {
    const store = loaded();
    store.getState().setMeta({ name: "新名字" });
    expect(store.getState().dirty).toBe(true);
    store.getState().markSaved("rev2");
    expect(store.getState()).toMatchObject({ dirty: false, revision: "rev2" });
  });
});

describe("undo and redo", () => {
  it("undoes and redoes adding a node", () => {
    const store = loaded();
    const id = store.getState().addNode("message", { x: 10, y: 20 });
    expect(store.getState().nodes).toHaveLength(5);
    expect(store.getState().selectedNodeIds).toEqual([id]);
    const added = node(store, id);
    expect(added.kind === "message" && added.messages[0]).toEqual({
      type: "text",
      text: "您好！请问有什么可以帮您？",
    });
    store.getState().undo();
    expect(store.getState().nodes).toHaveLength(4);
    expect(store.getState().dirty).toBe(false);
    store.getState().redo();
    expect(store.getState().nodes.map((n) => n.id)).toContain(id);
    expect(store.getState().dirty).toBe(true);
  });

  it("undoes deleting a node together with its edges", () => {
    const store = loaded();
    store.getState().setSelection(["ask"]);
    store.getState().deleteSelection();
    expect(store.getState().nodes.map((n) => n.id)).toEqual(["hello", "price", "size"]);
    expect(store.getState().edges).toHaveLength(0);
    store.getState().undo();
    expect(store.getState().nodes).toHaveLength(4);
    expect(store.getState().edges).toHaveLength(3);
  });

  it("undoes an inspector update and a meta change as separate steps", () => {
    const store = loaded();
    store.getState().updateNode("hello", (n) => ({ ...n, label: "欢迎" }));
    store.getState().setMeta({ description: "说明" });
    expect(steps(store)).toBe(2);
    store.getState().undo();
    expect(store.getState().meta.description).toBe("");
    expect(node(store, "hello").label).toBe("欢迎");
    store.getState().undo();
    expect(node(store, "hello").label).toBe("问候");
    expect(store.getState().toFlow()).toEqual(sampleFlow());
  });

  it("undoes a connection, and a new connection from a used handle replaces the old edge", () => {
    const store = loaded();
    store.getState().onConnect({
      source: "ask",
      sourceHandle: "o_price",
      target: "size",
      targetHandle: null,
    });
    const fromPrice = store.getState().edges.filter((e) => e.sourceHandle === "o_price");
    expect(fromPrice).toHaveLength(1);
    expect(fromPrice[0]?.target).toBe("size");
    store.getState().undo();
    expect(store.getState().edges.find((e) => e.sourceHandle === "o_price")?.target).toBe("price");
  });

  it("ignores a connection from a handle the node does not have", () => {
    const store = loaded();
    store
      .getState()
      .onConnect({ source: "ask", sourceHandle: "nope", target: "hello", targetHandle: null });
    expect(store.getState().edges).toHaveLength(3);
    expect(steps(store)).toBe(0);
  });

  it("records a whole drag of many position changes as one step", () => {
    const store = loaded();
    const { onNodesChange } = store.getState();
    onNodesChange([{ id: "hello", type: "select", selected: true }]);
    for (let i = 1; i <= 30; i += 1) {
      onNodesChange([
        { id: "hello", type: "position", position: { x: i * 3, y: i }, dragging: true },
      ]);
    }
    onNodesChange([
      { id: "hello", type: "position", position: { x: 90.4, y: 30 }, dragging: false },
    ]);
    expect(steps(store)).toBe(1);
    expect(node(store, "hello").position).toEqual({ x: 90, y: 30 });
    expect(store.getState().dirty).toBe(true);
    store.getState().undo();
    expect(node(store, "hello").position).toEqual({ x: 0, y: 0 });
    expect(store.getState().nodes[0]?.position).toEqual({ x: 0, y: 0 });
    store.getState().redo();
    expect(node(store, "hello").position).toEqual({ x: 90, y: 30 });
  });

  it("a drag whose end never arrived is still one step, and undo works", () => {
    const store = loaded();
    const { onNodesChange } = store.getState();
    onNodesChange([{ id: "size", type: "position", position: { x: 300, y: 500 }, dragging: true }]);
    store.getState().undo();
    expect(node(store, "size").position).toEqual({ x: 200, y: 400 });
    store.getState().setMeta({ name: "改名" });
    expect(steps(store)).toBe(1);
  });

  it("does not record selection, measured sizes or highlight", () => {
    const store = loaded();
    const s = store.getState();
    s.onNodesChange([{ id: "hello", type: "select", selected: true }]);
    s.onNodesChange([
      {
        id: "hello",
        type: "dimensions",
        dimensions: { width: 260, height: 90 },
        setAttributes: false,
      },
    ]);
    s.onEdgesChange([{ id: "e1", type: "select", selected: true }]);
    s.setHighlight({ nodeIds: ["hello"], currentNodeId: "hello" });
    s.selectAll();
    expect(steps(store)).toBe(0);
    expect(store.getState().dirty).toBe(false);
    expect(store.getState().selectedNodeIds).toHaveLength(4);
  });

  it("the data view's counts never touch the document: no step, not dirty, nothing to save", () => {
    const store = loaded();
    const before = store.getState().docVersion;
    const counts = { reached: 9, inProgress: 3, completed: 0, dropped: 2, handedOff: 0, errors: 0 };
    store.getState().setFunnelOpen(true);
    store.getState().setFunnel({ hello: counts }, "hello");
    expect(store.getState().funnel?.hello).toBe(counts);
    expect(store.getState().funnelThrough).toBe("hello");
    expect(steps(store)).toBe(0);
    expect(store.getState()).toMatchObject({ dirty: false, docVersion: before });
    expect(JSON.stringify(store.getState().toFlow())).toBe(JSON.stringify(sampleFlow()));
    store.getState().setFunnelOpen(false);
    expect(store.getState()).toMatchObject({
      funnelOpen: false,
      funnel: null,
      funnelThrough: null,
    });
  });

  it("keeps today's selection when undoing", () => {
    const store = loaded();
    store.getState().updateNode("hello", (n) => ({ ...n, label: "欢迎" }));
    store.getState().setSelection(["size"]);
    store.getState().undo();
    expect(store.getState().selectedNodeIds).toEqual(["size"]);
  });

  it("keeps at most 200 steps", () => {
    const store = loaded();
    for (let i = 0; i < 210; i += 1) store.getState().setMeta({ description: `d${i}` });
    expect(steps(store)).toBe(200);
  });
});

describe("editing nodes", () => {
  it("removing an option also removes its edge", () => {
    const store = loaded();
    store.getState().updateNode("ask", (n) => {
      const q = n as QuestionNode;
      if (q.answer.type !== "options") return q;
      return { ...q, answer: { ...q.answer, options: q.answer.options.slice(0, 1) } };
    });
    expect(store.getState().edges.map((e) => e.id)).toEqual(["e1", "e2"]);
  });

  it("gives every new node, option and branch a unique id", () => {
    const store = loaded();
    const ids = new Set<string>();
    for (const kind of ["question", "question", "ab", "condition"] as const) {
      const id = store.getState().addNode(kind, { x: 0, y: 0 });
      ids.add(id);
      const data = node(store, id);
      if (data.kind === "question" && data.answer.type === "options") {
        for (const o of data.answer.options) ids.add(o.id);
      }
      if (data.kind === "ab" || data.kind === "condition")
        for (const b of data.branches) ids.add(b.id);
    }
    expect(ids.size).toBe(4 + 2 + 2 + 2 + 1);
  });

  it("setStartNode changes the flow's start", () => {
    const store = loaded();
    store.getState().setStartNode("ask");
    expect(store.getState().toFlow().startNodeId).toBe("ask");
  });

  it("keeps problem levels per node, errors winning over warnings", () => {
    const store = loaded();
    store.getState().setProblems([
      { code: "EMPTY_TEXT", severity: "warning", nodeId: "hello", message: { zh: "", en: "" } },
      { code: "TEXT_TOO_LONG", severity: "error", nodeId: "hello", message: { zh: "", en: "" } },
      {
        code: "UNREACHABLE_NODE",
        severity: "warning",
        nodeId: "size",
        message: { zh: "", en: "" },
      },
    ]);
    expect(store.getState().problemLevels).toEqual({ hello: "error", size: "warning" });
  });

  it("selectNode selects one node and asks the canvas to centre it", () => {
    const store = loaded();
    store.getState().selectNode("price");
    expect(store.getState().selectedNodeIds).toEqual(["price"]);
    expect(store.getState().viewRequest).toMatchObject({ type: "center", nodeId: "price" });
  });
});

describe("autoLayout", () => {
  it("puts parents above children without overlaps, as one undo step", () => {
    const store = loaded();
    store.getState().autoLayout();
    const nodes = store.getState().nodes;
    const at = (id: string) => nodes.find((n) => n.id === id)?.position ?? { x: NaN, y: NaN };
    for (const e of store.getState().edges) {
      expect(at(e.source).y + 120).toBeLessThanOrEqual(at(e.target).y);
    }
    const boxes = nodes.map((n) => ({ ...n.position, w: 260, h: 120 }));
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap).toBe(false);
      }
    }
    expect(node(store, "price").position).toEqual(at("price"));
    expect(steps(store)).toBe(1);
    store.getState().undo();
    expect(store.getState().toFlow()).toEqual(sampleFlow());
  });
});

describe("large-flow support", () => {
  it("gives unmeasured nodes estimated handles for every output, and drops them once measured", () => {
    const store = loaded();
    const ask = store.getState().nodes.find((n) => n.id === "ask");
    expect(ask?.handles?.map((h) => h.id ?? "in")).toEqual(["in", "o_price", "o_size", "noMatch"]);
    expect(ask?.initialHeight).toBeGreaterThan(100);
    store.getState().onNodesChange([
      {
        id: "ask",
        type: "dimensions",
        dimensions: { width: 260, height: 210 },
        setAttributes: false,
      },
    ]);
    const measured = store.getState().nodes.find((n) => n.id === "ask");
    expect(measured?.handles).toBeUndefined();
    expect(measured?.measured).toEqual({ width: 260, height: 210 });
    expect(steps(store)).toBe(0);
    expect(JSON.stringify(store.getState().toFlow())).toBe(JSON.stringify(sampleFlow()));
  });
});

describe("find and edges", () => {
  it("finds nodes by label and text, and Enter-style steps select and centre each match in turn", () => {
    const store = loaded();
    store.getState().setFindQuery("价格");
    expect(store.getState().findMatches).toEqual(["ask"]);
    store.getState().setFindQuery("I");
    expect(store.getState().findMatches).toEqual(["price", "size"]);
    store.getState().findStep(1);
    expect(store.getState().selectedNodeIds).toEqual(["price"]);
    expect(store.getState().viewRequest).toMatchObject({ type: "center", nodeId: "price" });
    store.getState().findStep(1);
    store.getState().findStep(1);
    expect(store.getState().selectedNodeIds).toEqual(["price"]);
    expect(steps(store)).toBe(0);
  });

  it("removing an edge through React Flow is one undoable step", () => {
    const store = loaded();
    store.getState().onEdgesChange([{ id: "e2", type: "remove" }]);
    expect(store.getState().edges.map((e) => e.id)).toEqual(["e1", "e3"]);
    expect(store.getState().dirty).toBe(true);
    store.getState().undo();
    expect(store.getState().edges.map((e) => e.id)).toEqual(["e1", "e2", "e3"]);
  });
});

describe("reconnecting", () => {
  it("moves an edge's end, keeps its id, and stays one edge per handle", () => {
    const store = loaded();
    const e2 = store.getState().edges.find((e) => e.id === "e2");
    if (!e2) throw new Error("no e2");
    store.getState().onReconnect(e2, {
      source: "ask",
      sourceHandle: "o_size",
      target: "price",
      targetHandle: null,
    });
    expect(store.getState().edges.map((e) => [e.id, e.sourceHandle, e.target])).toEqual([
      ["e1", "next", "ask"],
      ["e2", "o_size", "price"],
    ]);
    store.getState().undo();
    expect(store.getState().edges).toHaveLength(3);
  });
});
