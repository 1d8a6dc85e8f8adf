/**
 * Expectations of several channels at once: the form starts from what they all share (a
 * field that differs is "mixed"), and applying writes only the fields the user changed, so
 * one channel's pinned type or shape is never copied onto the others.
 */
import { THRESHOLD_FIELDS, cleanSpec, type ChannelSpec, type Thresholds } from "./set-model.js";

export type Expectations = Omit<ChannelSpec, "name">;
export type ExpectationField = "type" | "shape" | keyof Thresholds;

export const EXPECTATION_FIELDS: readonly ExpectationField[] = ["type", "shape", ...THRESHOLD_FIELDS.map((f) => f.key), "alertOnWarning"];

type FieldValue = string | number | boolean | number[] | undefined;

function get(e: Expectations, field: ExpectationField): FieldValue {
  if (field === "type") return e.type;
  if (field === "shape") return e.shape;
  return e.thresholds?.[field];
}

function set(e: Expectations, field: ExpectationField, value: FieldValue): void {
  if (field === "type") e.type = value as string | undefined;
  else if (field === "shape") e.shape = value as number[] | undefined;
  else e.thresholds = { ...e.thresholds, [field]: value };
}

const same = (a: FieldValue, b: FieldValue) => JSON.stringify(a) === JSON.stringify(b);

/** The values every channel shares, and the fields where they differ. */
export function commonExpectations(channels: readonly ChannelSpec[]): { value: Expectations; mixed: Set<ExpectationField> } {
  const value: Expectations = {};
  const mixed = new Set<ExpectationField>();
  for (const field of EXPECTATION_FIELDS) {
    const first = channels[0] ? get(channels[0], field) : undefined;
    if (channels.some((c) => !same(get(c, field), first))) mixed.add(field);
    else if (first !== undefined) set(value, field, first);
  }
  return { value, mixed };
}

/** `channel` with the `changed` fields taken from `edited` (an empty field there removes the override). */
export function mergeExpectations(channel: ChannelSpec, edited: Expectations, changed: ReadonlySet<ExpectationField>): ChannelSpec {
  const out: ChannelSpec = { ...channel, ...(channel.thresholds && { thresholds: { ...channel.thresholds } }) };
  for (const field of changed) set(out, field, get(edited, field));
  return cleanSpec(out);
}
