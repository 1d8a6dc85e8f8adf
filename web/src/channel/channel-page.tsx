/** Channel (placeholder: being built). */
export function ChannelPage({ name }: { name: string }) {
  return (
    <main class="page">
      <h1>Channel</h1>
    </main>
  );
}
