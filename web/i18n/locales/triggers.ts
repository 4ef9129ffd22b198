// UI text of the "triggers" namespace, Chinese first; keep zh and en keys identical.
export default {
  zh: {},
  en: {},
};
