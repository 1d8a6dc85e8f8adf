/** Run report (placeholder: being built). */
export function RunReportView({ id }: { id: string }) {
  return (
    <main class="page">
      <h1>Run report</h1>
    </main>
  );
}
