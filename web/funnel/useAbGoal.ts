// The A/B comparison's conversion goal (转化目标): one node per flow, remembered in this browser.
import { useCallback, useState } from "react";

const keyOf = (flowId: string) => `huashu.funnel.abGoal.${flowId}`;

function readGoal(flowId: string): string | null {
  try {
    return localStorage.getItem(keyOf(flowId)) || null;
  } catch {
    // Storage blocked (a private window's settings): the goal lasts as long as the page.
    return null;
  }
}

export function useAbGoal(flowId: string): [string | null, (goal: string | null) => void] {
  const [chosen, setChosen] = useState(() => ({ flowId, goal: readGoal(flowId) }));
  // Another flow opened in the same panel: its own goal.
  const goal = chosen.flowId === flowId ? chosen.goal : readGoal(flowId);
  const setGoal = useCallback(
    (next: string | null) => {
      setChosen({ flowId, goal: next });
      try {
        if (next === null) localStorage.removeItem(keyOf(flowId));
        else localStorage.setItem(keyOf(flowId), next);
      } catch {
        // Not remembered, still chosen.
      }
    },
    [flowId],
  );
  return [goal, setGoal];
}
