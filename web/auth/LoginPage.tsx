// The login page: one admin password; says plainly when it is wrong or when to try again.
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/ApiError";
import { api } from "../api/client";
import { LanguageSwitch } from "../app/LanguageSwitch";

export function LoginPage({ onLoggedIn }: { onLoggedIn: () => void }) {
  const { t } = useTranslation("auth");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (waitUntil === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [waitUntil]);

  const secondsLeft = waitUntil === null ? 0 : Math.max(0, Math.ceil((waitUntil - now) / 1000));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!password || busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.login(password);
      onLoggedIn();
    } catch (e) {
      if (e instanceof ApiError && e.status === 429) {
        const seconds = e.retryAfterSeconds ?? 60;
        setWaitUntil(Date.now() + seconds * 1000);
        setNow(Date.now());
        setError("rateLimited");
      } else if (e instanceof ApiError && e.status === 401) {
        setError("wrongPassword");
        setPassword("");
      } else {
        setError("unreachable");
      }
    } finally {
      setBusy(false);
    }
  }

  const message =
    error === "rateLimited"
      ? secondsLeft > 90
        ? t("rateLimitedMinutes", { minutes: Math.ceil(secondsLeft / 60) })
        : secondsLeft > 0
          ? t("rateLimited", { seconds: secondsLeft })
          : t("rateLimitedOver")
      : error
        ? t(error)
        : null;

  return (
    <div className="login-page">
      <div className="login-topbar">
        <LanguageSwitch />
      </div>
      <form className="login-card" onSubmit={submit}>
        <div className="brand brand-large">
          <span className="brand-mark">话</span>
          <span className="brand-name">{t("product")}</span>
        </div>
        <p className="login-lead">{t("lead")}</p>
        <label className="field">
          <span className="field-label">{t("password")}</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            // biome-ignore lint/a11y/noAutofocus: the password is the only thing on the page
            autoFocus
            value={password}
            placeholder={t("passwordPlaceholder")}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {message ? (
          <div className="form-error" role="alert" data-testid="login-error">
            {message}
          </div>
        ) : null}
        <button
          type="submit"
          className="btn btn-primary btn-block"
          disabled={busy || !password || secondsLeft > 0}
        >
          {busy ? t("signingIn") : t("signIn")}
        </button>
        <p className="login-hint">{t("hint")}</p>
      </form>
    </div>
  );
}
