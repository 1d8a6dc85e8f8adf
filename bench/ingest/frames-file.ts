/**
 * One multipart message in a file, as the C sender reads it: u32 LE frame count, then per
 * frame u32 LE length and the bytes.
 */
import { readFileSync, writeFileSync } from "node:fs";

export function writeFramesFile(path: string, frames: readonly Uint8Array[]): void {
  const size = 4 + frames.reduce((sum, f) => sum + 4 + f.length, 0);
  const out = Buffer.alloc(size);
  let pos = out.writeUInt32LE(frames.length, 0);
  for (const frame of frames) {
    pos = out.writeUInt32LE(frame.length, pos);
    out.set(frame, pos);
    pos += frame.length;
  }
  writeFileSync(path, out);
}

export function readFramesFile(path: string): Buffer[] {
  const data = readFileSync(path);
  const count = data.readUInt32LE(0);
  const frames: Buffer[] = [];
  let pos = 4;
  for (let i = 0; i < count; i++) {
    const length = data.readUInt32LE(pos);
    pos += 4;
    if (pos + length > data.length) throw new Error(`${path}: truncated at frame ${i}`);
    // A copy per frame, as ZeroMQ delivers them: separate buffers, not views of one file.
    frames.push(Buffer.from(data.subarray(pos, pos + length)));
    pos += length;
  }
  if (pos !== data.length) throw new Error(`${path}: ${data.length - pos} bytes after the last frame`);
  return frames;
}
