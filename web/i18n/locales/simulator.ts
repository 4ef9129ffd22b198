// UI text of the "simulator" namespace, Chinese first; keep zh and en keys identical.
export default {
  zh: {},
  en: {},
};
