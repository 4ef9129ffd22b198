// UI text of the "canvas" namespace, Chinese first; keep zh and en keys identical.
export default {
  zh: {},
  en: {},
};
