// UI text of the "common" namespace, Chinese first; keep zh and en keys identical.
export default {
  zh: {},
  en: {},
};
