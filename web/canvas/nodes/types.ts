// Typed props for each kind's node component.
import type { Node, NodeProps } from "@xyflow/react";
import type { NodeKind, NodeOfKind } from "../../../shared/schema";

export type KindNodeProps<K extends NodeKind> = NodeProps<Node<NodeOfKind<K>, K>>;
