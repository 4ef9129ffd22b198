// UI text of the "inspector" namespace, Chinese first; keep zh and en keys identical.
export default {
  zh: {},
  en: {},
};
