// One string of CSS classes per node from the store: start, problems, simulator path, find match.
import type { EditorState } from "../../store";

/** A primitive result, so a node re-renders only when its own status changes. */
export function nodeStatus(state: EditorState, id: string): string {
  let classes = "";
  if (state.meta.startNodeId === id) classes += " is-start";
  const level = state.problemLevels[id];
  if (level) classes += ` has-${level}`;
  if (state.highlightIndex.nodes[id]) classes += " is-path";
  if (state.highlight.currentNodeId === id) classes += " is-current";
  if (state.findMatchIndex[id]) classes += " is-match";
  return classes;
}
