// The right-hand inspector: the selected node's form, or the flow's settings when nothing is selected.
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { Flow, FlowNode, NodeKind, NodeOfKind } from "../../shared/schema";
import {
  selectMeta,
  selectSelectedNode,
  selectSelectedNodeIds,
  useEditorStore,
  useEditorStoreApi,
} from "../store";
import { collectIds, newId } from "../store/ids";
import { FlowSettingsForm } from "./FlowSettingsForm";
import { Field } from "./fields";
import { AbForm } from "./forms/AbForm";
import { ConditionForm } from "./forms/ConditionForm";
import { EndForm } from "./forms/EndForm";
import { HandoffForm } from "./forms/HandoffForm";
import { HttpForm } from "./forms/HttpForm";
import { JumpForm } from "./forms/JumpForm";
import { MessageForm } from "./forms/MessageForm";
import { QuestionForm } from "./forms/QuestionForm";
import { SetForm } from "./forms/SetForm";
import { TagForm } from "./forms/TagForm";
import { InspectorContext, type InspectorContextValue } from "./InspectorContext";
import { VariableSuggestions } from "./TemplateText";
import { useCoalescedEdits } from "./useCoalescedEdits";

export function Inspector({ otherFlows }: { otherFlows: Flow[] }) {
  const { t } = useTranslation("inspector");
  const store = useEditorStoreApi();
  const node = useEditorStore(selectSelectedNode);
  const selectedCount = useEditorStore((s) => selectSelectedNodeIds(s).length);
  const meta = useEditorStore(selectMeta);
  const nodes = useEditorStore((s) => s.nodes);

  const nodeData = useMemo(() => nodes.map((n) => n.data), [nodes]);
  const makeId = useCallback(
    (prefix: string) => {
      const { nodes, edges } = store.getState();
      const taken = collectIds(nodes, edges);
      return newId(prefix, (id) => taken.has(id));
    },
    [store],
  );
  const context: InspectorContextValue = useMemo(
    () => ({
      variables: meta.variables.map((v) => v.name),
      flowId: meta.id,
      nodes: nodeData,
      otherFlows,
      makeId,
    }),
    [meta.variables, meta.id, nodeData, otherFlows, makeId],
  );

  return (
    <InspectorContext.Provider value={context}>
      <VariableSuggestions />
      <div className="inspector" data-testid="inspector">
        {node ? (
          <NodeInspector key={node.id} node={node} />
        ) : selectedCount > 1 ? (
          <div className="empty small">{t("multiSelected", { count: selectedCount })}</div>
        ) : (
          <FlowSettingsForm />
        )}
      </div>
    </InspectorContext.Provider>
  );
}

function NodeInspector({ node }: { node: FlowNode }) {
  const { t } = useTranslation("inspector");
  const store = useEditorStoreApi();
  const startNodeId = useEditorStore((s) => s.meta.startNodeId);
  const isStart = startNodeId === node.id;

  const coalesce = useCoalescedEdits();
  const change = useCallback(
    (patch: Partial<FlowNode>) => {
      coalesce(`${node.id}:${Object.keys(patch).sort().join(",")}`, () =>
        store.getState().updateNode(node.id, (current) => ({ ...current, ...patch }) as FlowNode),
      );
    },
    [store, node.id, coalesce],
  );

  return (
    <>
      <div className="insp-head">
        <span className={`kind-badge kind-${node.kind}`}>{t(`kind.${node.kind}`)}</span>
        <span className="insp-id mono" title={t("nodeId")}>
          {node.id}
        </span>
        <div className="grow" />
        {isStart ? (
          <span className="badge badge-green">{t("isStart")}</span>
        ) : (
          <button
            className="btn btn-small btn-ghost"
            onClick={() => store.getState().setStartNode(node.id)}
          >
            {t("makeStart")}
          </button>
        )}
      </div>
      <p className="insp-kind-hint">{t(`kindHint.${node.kind}`)}</p>
      <Field label={t("label")} hint={t("labelHint")}>
        <input
          value={node.label ?? ""}
          placeholder={t(`kind.${node.kind}`)}
          data-testid="node-label"
          onChange={(e) => change({ label: e.target.value })}
        />
      </Field>
      <NodeForm node={node} change={change} />
    </>
  );
}

function NodeForm({
  node,
  change,
}: {
  node: FlowNode;
  change: (patch: Partial<FlowNode>) => void;
}) {
  // Each form sees its own kind; the casts only narrow what `node.kind` already proves.
  const as = <K extends NodeKind>(_k: K) => ({
    node: node as NodeOfKind<K>,
    change: change as (patch: Partial<NodeOfKind<K>>) => void,
  });
  switch (node.kind) {
    case "message":
      return <MessageForm {...as("message")} />;
    case "question":
      return <QuestionForm {...as("question")} />;
    case "condition":
      return <ConditionForm {...as("condition")} />;
    case "set":
      return <SetForm {...as("set")} />;
    case "tag":
      return <TagForm {...as("tag")} />;
    case "http":
      return <HttpForm {...as("http")} />;
    case "handoff":
      return <HandoffForm {...as("handoff")} />;
    case "ab":
      return <AbForm {...as("ab")} />;
    case "jump":
      return <JumpForm {...as("jump")} />;
    case "end":
      return <EndForm {...as("end")} />;
  }
}
