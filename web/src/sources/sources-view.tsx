/** Sources (placeholder: being built). */
export function SourcesView() {
  return (
    <main class="page">
      <h1>Sources</h1>
    </main>
  );
}
