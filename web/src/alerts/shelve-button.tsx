/** Shelve (with reason and expiry) or unshelve one channel's alert (placeholder: being built). */
export function ShelveButton(_props: { channel: string; shelved: boolean }) {
  return null;
}
