// UI text of the "flows" namespace, Chinese first; keep zh and en keys identical.
export default {
  zh: {},
  en: {},
};
