// ab node: weighted split; the weights must add up to 100, shown live.
import { useTranslation } from "react-i18next";
import type { AbBranch } from "../../../shared/schema";
import { ItemControls, moveItem, NumberInput, removeAt, replaceAt, Section } from "../fields";
import { useInspector } from "../InspectorContext";
import type { FormProps } from "./formProps";

export function AbForm({ node, change }: FormProps<"ab">) {
  const { t } = useTranslation("inspector");
  const { makeId } = useInspector();
  const branches = node.branches;
  const setBranches = (next: AbBranch[]) => change({ branches: next });
  const sum = branches.reduce((total, b) => total + b.weight, 0);
  const ok = Math.abs(sum - 100) < 1e-9;
  return (
    <Section
      title={t("abBranches")}
      actions={
        <button
          className="btn btn-small"
          onClick={() =>
            setBranches([
              ...branches,
              { id: makeId("br"), label: String.fromCharCode(65 + branches.length), weight: 0 },
            ])
          }
        >
          {t("addBranch")}
        </button>
      }
    >
      <p className="section-hint">{t("abHint")}</p>
      {branches.map((branch, index) => (
        <div className="item-card item-row" key={branch.id}>
          <input
            className="grow"
            value={branch.label}
            aria-label={t("branchLabel")}
            placeholder={t("branchLabel")}
            onChange={(e) =>
              setBranches(replaceAt(branches, index, { ...branch, label: e.target.value }))
            }
          />
          <div className="weight">
            <NumberInput
              value={branch.weight}
              min={0}
              max={100}
              aria-label={t("weight")}
              onChange={(v) =>
                setBranches(
                  replaceAt(branches, index, {
                    ...branch,
                    weight: Math.min(100, Math.max(0, v ?? 0)),
                  }),
                )
              }
            />
            <span>%</span>
          </div>
          <ItemControls
            index={index}
            count={branches.length}
            minCount={2}
            onMove={(from, to) => setBranches(moveItem(branches, from, to))}
            onRemove={() => setBranches(removeAt(branches, index))}
          />
        </div>
      ))}
      <div className={`weight-sum ${ok ? "ok" : "bad"}`} data-testid="ab-sum">
        {ok ? t("weightSumOk", { sum }) : t("weightSumBad", { sum })}
      </div>
    </Section>
  );
}
