// The application shell: checks the session, routes between login, the flow list, the editor and the menu.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../api/ApiError";
import { api, setApiHooks } from "../api/client";
import { LoginPage } from "../auth/LoginPage";
import { FlowListPage } from "../flows/FlowListPage";
import { MenuPage } from "../menu/MenuPage";
import { ConfirmHost } from "./confirm";
import { EditorPage } from "./EditorPage";
import { navigate, routeHash, useRoute } from "./router";
import { Toasts, toast } from "./toasts";
import "./app.css";

/** Where to go back to after logging in again. */
const RETURN_KEY = "huashu.returnTo";

export function App() {
  const route = useRoute();
  const { t, i18n } = useTranslation("common");
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    setApiHooks({
      onUnauthorized: () => {
        if (!window.location.hash.startsWith("#/login")) {
          sessionStorage.setItem(RETURN_KEY, window.location.hash);
          toast("info", i18n.t("common:sessionExpired"));
        }
        void navigate({ page: "login" }, { force: true });
      },
      onNetworkError: (error) => toast("error", errorText(error, i18n.language)),
    });
  }, [i18n]);

  useEffect(() => {
    api
      .session()
      .then(({ authenticated }) => {
        const onLogin = window.location.hash.startsWith("#/login");
        if (!authenticated && !onLogin) {
          sessionStorage.setItem(RETURN_KEY, window.location.hash);
          void navigate({ page: "login" }, { force: true });
        } else if (authenticated && onLogin) {
          void navigate({ page: "flows" }, { force: true });
        }
      })
      .catch(() => {
        // The network hook has said what went wrong; the pages retry on their own.
      })
      .finally(() => setChecked(true));
  }, []);

  useEffect(() => {
    document.documentElement.lang = i18n.language === "en" ? "en" : "zh-CN";
    document.title = t("appTitle");
  }, [i18n.language, t]);

  if (!checked) return <div className="boot">{t("loading")}</div>;

  return (
    <>
      {route.page === "login" ? (
        <LoginPage
          onLoggedIn={() => {
            const back = sessionStorage.getItem(RETURN_KEY);
            sessionStorage.removeItem(RETURN_KEY);
            const target =
              back && !back.startsWith("#/login") ? back : routeHash({ page: "flows" });
            window.location.hash = target;
          }}
        />
      ) : route.page === "editor" ? (
        <EditorPage key={route.flowId} flowId={route.flowId} />
      ) : route.page === "menu" ? (
        <MenuPage />
      ) : (
        <FlowListPage />
      )}
      <ConfirmHost />
      <Toasts />
    </>
  );
}
