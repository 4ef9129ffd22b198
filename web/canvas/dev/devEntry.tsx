// Dev harness: the canvas, palette and toolbar on an example flow, without the app shell or server.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import complaint from "../../../flows/complaint.json";
import course from "../../../flows/course.json";
import ecommerce from "../../../flows/ecommerce.json";
import type { Flow } from "../../../shared/schema";
import "../../i18n";
import { createEditorStore, EditorStoreProvider } from "../../store";
import { FlowCanvas } from "../FlowCanvas";
import { Palette } from "../Palette";
import { CanvasToolbar } from "../Toolbar";

const flows: Record<string, unknown> = { ecommerce, course, complaint };
const params = new URLSearchParams(window.location.search);
const store = createEditorStore();
store.getState().loadFlow(flows[params.get("flow") ?? "ecommerce"] as Flow, "dev");
(window as unknown as { __store: typeof store }).__store = store;

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <EditorStoreProvider store={store}>
        <div style={{ display: "flex", flexDirection: "column", height: "100vh" }}>
          <header
            style={{
              display: "flex",
              alignItems: "center",
              gap: 12,
              padding: "6px 12px",
              borderBottom: "1px solid #e5e7eb",
              background: "#fff",
            }}
          >
            <CanvasToolbar />
          </header>
          <div style={{ display: "flex", flex: 1, minHeight: 0 }}>
            <Palette />
            <div style={{ flex: 1, minWidth: 0 }}>
              <FlowCanvas />
            </div>
          </div>
        </div>
      </EditorStoreProvider>
    </StrictMode>,
  );
}
