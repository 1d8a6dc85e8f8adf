/** Set editor (placeholder: being built). */
export function SetEditor({ name }: { name: string | null; params: URLSearchParams }) {
  return (
    <main class="page">
      <h1>Set editor</h1>
    </main>
  );
}
