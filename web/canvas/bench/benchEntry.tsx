// Benchmark page for `npm run bench:editor`: mounts store + canvas on a generated flow and reports readiness.
import { createRoot } from "react-dom/client";
import type { Flow } from "../../../shared/schema";
import "../../i18n";
import { createEditorStore, EditorStoreProvider } from "../../store";
import { FlowCanvas } from "../FlowCanvas";

interface BenchWindow {
  __HUASHU_BENCH_FLOW__?: Flow;
  __benchReady?: { at: number; nodes: number };
  __store?: ReturnType<typeof createEditorStore>;
}
const bench = window as unknown as BenchWindow;

/** Ready when every node React Flow mounted has been measured and shown (or at once for an empty flow). */
function watchFirstRender(expectNodes: boolean) {
  const check = () => {
    const pane = document.querySelector(".react-flow__pane");
    const nodes = document.querySelectorAll<HTMLElement>(".react-flow__node");
    const shown =
      nodes.length > 0 && Array.from(nodes).every((n) => n.style.visibility !== "hidden");
    if (pane && (expectNodes ? shown : true)) {
      bench.__benchReady = { at: performance.now(), nodes: nodes.length };
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

async function main() {
  performance.mark("bench:start");
  const source = new URLSearchParams(window.location.search).get("flow");
  const flow =
    bench.__HUASHU_BENCH_FLOW__ ?? ((await (await fetch(source ?? "flow.json")).json()) as Flow);
  performance.mark("bench:fetched");
  const store = createEditorStore();
  store.getState().loadFlow(flow, "bench");
  bench.__store = store;
  performance.mark("bench:loaded");
  const root = document.getElementById("root");
  if (!root) return;
  createRoot(root).render(
    <EditorStoreProvider store={store}>
      <FlowCanvas />
    </EditorStoreProvider>,
  );
  performance.mark("bench:rendered");
  watchFirstRender(flow.nodes.length > 0);
}

void main();
