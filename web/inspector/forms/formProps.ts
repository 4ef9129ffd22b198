// The props every node form takes: the node, and a way to change it (one undo step per change).
import type { NodeKind, NodeOfKind } from "../../../shared/schema";

export interface FormProps<K extends NodeKind> {
  node: NodeOfKind<K>;
  change: (patch: Partial<NodeOfKind<K>>) => void;
}
