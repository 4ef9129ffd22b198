// The canvas's public surface for the app shell.
import "./canvas.css";

export { FlowCanvas } from "./FlowCanvas";
export { KindIcon, kindColors } from "./kinds";
export { PALETTE_MIME, Palette } from "./Palette";
export {
  AutoLayoutButton,
  CanvasToolbar,
  FindButton,
  FitViewButton,
  FunnelButton,
  RedoButton,
  ShortcutsButton,
  UndoButton,
} from "./Toolbar";
