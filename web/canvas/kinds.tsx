// Each node kind's colour and icon: the same look on the canvas, in the palette and in the minimap.
import type { NodeKind } from "../../shared/schema";

export const kindColors: Record<NodeKind, string> = {
  message: "#07c160",
  question: "#2f7bf5",
  condition: "#f59e0b",
  set: "#0ea5a4",
  tag: "#e5488f",
  http: "#6366f1",
  handoff: "#f26b1d",
  ab: "#9b5de5",
  jump: "#64748b",
  end: "#8b95a5",
};

const paths: Record<NodeKind, string> = {
  message:
    "M4 5.5A1.5 1.5 0 0 1 5.5 4h13A1.5 1.5 0 0 1 20 5.5v9a1.5 1.5 0 0 1-1.5 1.5H10l-4.5 4v-4h0A1.5 1.5 0 0 1 4 14.5z M8 9h8 M8 12h5",
  question:
    "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z M9.5 9.5a2.5 2.5 0 1 1 3.6 2.2c-.7.4-1.1.9-1.1 1.7v.6 M12 17h.01",
  condition: "M12 3l8.5 9-8.5 9-8.5-9z M12 8v5 M12 16h.01",
  set: "M8 4C6 4 5.5 5 5.5 7v2.5L4 12l1.5 2.5V17c0 2 .5 3 2.5 3 M16 4c2 0 2.5 1 2.5 3v2.5L20 12l-1.5 2.5V17c0 2-.5 3-2.5 3 M9.5 10l5 4 M14.5 10l-5 4",
  tag: "M3.5 12.2V4.5a1 1 0 0 1 1-1h7.7l8.3 8.3a1 1 0 0 1 0 1.4l-7.3 7.3a1 1 0 0 1-1.4 0z M8 8h.01",
  http: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z M3.5 12h17 M12 3c2.5 2.5 3.5 5.5 3.5 9s-1 6.5-3.5 9 M12 3C9.5 5.5 8.5 8.5 8.5 12s1 6.5 3.5 9",
  handoff:
    "M12 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z M5 20c.8-3.6 3.6-6 7-6s6.2 2.4 7 6 M18.5 4.5l2 2-2 2",
  ab: "M12 21v-6 M12 15L6 8V4 M12 15l6-7V4 M4 6l2-2 2 2 M16 6l2-2 2 2",
  jump: "M4 12h13 M13 6l6 6-6 6",
  end: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z M9 9h6v6H9z",
};

export function KindIcon({ kind, size = 16 }: { kind: NodeKind; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={paths[kind]} />
    </svg>
  );
}
