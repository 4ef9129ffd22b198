// Leaving a page with unsaved changes asks first: in-app navigation (the router's leave guard) and
// closing or reloading the tab (the browser's own prompt).
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { askConfirm } from "./confirm";
import { setLeaveGuard } from "./router";

/** While mounted, guards leaving whenever `dirty()` says there is something unsaved. */
export function useLeaveGuard(dirty: () => boolean): void {
  const { t } = useTranslation("common");
  useEffect(() => {
    setLeaveGuard(async () => {
      if (!dirty()) return true;
      return askConfirm({
        title: t("leaveTitle"),
        body: t("leaveBody"),
        confirmLabel: t("leaveConfirm"),
        cancelLabel: t("leaveStay"),
        danger: true,
      });
    });
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!dirty()) return;
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", beforeUnload);
    return () => {
      setLeaveGuard(null);
      window.removeEventListener("beforeunload", beforeUnload);
    };
  }, [dirty, t]);
}
