// UI text through i18next: Simplified Chinese by default, English second; one namespace per area.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import auth from "./locales/auth";
import canvas from "./locales/canvas";
import common from "./locales/common";
import flows from "./locales/flows";
import funnel from "./locales/funnel";
import inspector from "./locales/inspector";
import menu from "./locales/menu";
import problems from "./locales/problems";
import simulator from "./locales/simulator";
import triggers from "./locales/triggers";

export const namespaces = {
  auth,
  canvas,
  common,
  flows,
  funnel,
  inspector,
  menu,
  problems,
  simulator,
  triggers,
} as const;
export type Namespace = keyof typeof namespaces;
export const languages = ["zh", "en"] as const;
export type Language = (typeof languages)[number];

const LANGUAGE_KEY = "huashu.language";

function initialLanguage(): Language {
  const saved = typeof localStorage !== "undefined" ? localStorage.getItem(LANGUAGE_KEY) : null;
  return saved === "en" ? "en" : "zh";
}

const resources = Object.fromEntries(
  languages.map((lng) => [
    lng,
    Object.fromEntries(Object.entries(namespaces).map(([ns, texts]) => [ns, texts[lng]])),
  ]),
);

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: "zh",
  defaultNS: "common",
  ns: Object.keys(namespaces),
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLanguage(lng: Language): void {
  localStorage.setItem(LANGUAGE_KEY, lng);
  void i18n.changeLanguage(lng);
  document.documentElement.lang = lng === "zh" ? "zh-CN" : "en";
}

export default i18n;
