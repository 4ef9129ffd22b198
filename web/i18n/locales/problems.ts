// UI text of the "problems" namespace, Chinese first; keep zh and en keys identical.
export default {
  zh: {},
  en: {},
};
