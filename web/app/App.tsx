// The editor application shell (placeholder until the editor lands).
export function App() {
  return null;
}
