/** Fault injection through the emulator's control API (DESIGN.md §6: POST/DELETE /sim/faults). */

export interface FaultBody {
  kind: string;
  channel?: string;
  source?: string;
  backend?: string;
  params?: Record<string, unknown>;
}

export async function injectFault(emulator: string, fault: FaultBody): Promise<string> {
  const res = await fetch(`${emulator}/sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ params: {}, ...fault }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as { id?: string };
  if (res.status !== 201 || !body.id) throw new Error(`POST /sim/faults ${JSON.stringify(fault)}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body.id;
}

export async function clearFault(emulator: string, id: string): Promise<void> {
  const res = await fetch(`${emulator}/sim/faults/${id}`, { method: "DELETE", signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`DELETE /sim/faults/${id}: HTTP ${res.status}`);
}

export async function clearAllFaults(emulator: string): Promise<void> {
  const res = await fetch(`${emulator}/sim/faults`, { method: "DELETE", signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
}
