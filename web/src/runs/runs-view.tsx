/** Runs (placeholder: being built). */
export function RunsView() {
  return (
    <main class="page">
      <h1>Runs</h1>
    </main>
  );
}
