/** Alerts (placeholder: being built). */
export function AlertsView() {
  return (
    <main class="page">
      <h1>Alerts</h1>
    </main>
  );
}
