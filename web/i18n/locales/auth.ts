// UI text of the "auth" namespace, Chinese first; keep zh and en keys identical.
export default {
  zh: {},
  en: {},
};
