// The save indicator in the editor header: 已保存 / 未保存更改 / 保存中… / 已自动保存.
import { useTranslation } from "react-i18next";
import type { SaveStatus } from "./useFlowSaver";

export function SaveStatusBadge({ status, dirty }: { status: SaveStatus; dirty: boolean }) {
  const { t } = useTranslation("common");
  const shown: SaveStatus =
    status === "saving"
      ? status
      : dirty && status !== "invalid" && status !== "failed"
        ? "dirty"
        : status;
  return (
    <span className={`save-status save-${shown}`} data-testid="save-status" data-status={shown}>
      <span className="save-dot" />
      {t(`saveStatus.${shown}`)}
    </span>
  );
}
