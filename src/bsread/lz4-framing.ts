/**
 * bsread's "lz4" compression: a 4-byte decoded-size prefix and one raw LZ4 block. Writers
 * disagree on the prefix byte order (Python: little always; IOC/Java/Rust: channel order,
 * big for data headers; 2018 C++ lib: big always), so the reader tries both.
 */
import { CorruptDataError } from "./errors.js";
import { lz4DecompressInto } from "./lz4-decompress.js";
import { lz4CompressLikePythonLz4 } from "./lz4-compress.js";

const PREFIX_BYTES = 4;
/** LZ4 cannot expand more than ~255:1; a larger claimed size is the wrong byte order or garbage. */
const MAX_RATIO = 255;

function plausible(size: number, payloadBytes: number): boolean {
  return size <= payloadBytes * MAX_RATIO + 16;
}

function tryDecode(frame: Uint8Array, size: number): Uint8Array | undefined {
  if (!plausible(size, frame.length - PREFIX_BYTES)) return undefined;
  const out = new Uint8Array(size);
  try {
    return lz4DecompressInto(frame, PREFIX_BYTES, frame.length, out, 0, size) === size ? out : undefined;
  } catch (err) {
    if (err instanceof CorruptDataError) return undefined;
    throw err;
  }
}

/**
 * Decodes an lz4-framed frame. `preferLittle` is the byte order to try first; when
 * `expectedSize` is known, the prefix order that states it wins.
 */
export function lz4FramedDecompress(frame: Uint8Array, preferLittle: boolean, expectedSize?: number): Uint8Array {
  if (frame.length < PREFIX_BYTES + 1) throw new CorruptDataError("lz4: frame shorter than prefix and block");
  const view = new DataView(frame.buffer, frame.byteOffset, frame.length);
  const first = view.getUint32(0, preferLittle);
  const second = view.getUint32(0, !preferLittle);
  if (expectedSize !== undefined) {
    // A prefix of 0 is an empty value (the caller turns it into null), not a size mismatch.
    const size = first === expectedSize || second === expectedSize ? expectedSize : first === 0 ? 0 : -1;
    if (size < 0) {
      throw new CorruptDataError(`lz4: size prefix ${first} (or ${second}) is not the expected ${expectedSize} bytes`);
    }
    const out = tryDecode(frame, size);
    if (!out) throw new CorruptDataError(`lz4: block does not decode to ${size} bytes`);
    return out;
  }
  const out = tryDecode(frame, first) ?? (second !== first ? tryDecode(frame, second) : undefined);
  if (!out) throw new CorruptDataError("lz4: block does not decode to the size its prefix states, in either byte order");
  return out;
}

/** Encodes with the prefix in the given byte order. */
export function lz4FramedCompress(data: Uint8Array, prefixLittle: boolean): Uint8Array {
  // bsread_python writes what python-lz4 does (streaming API), so byte identity needs that flavour.
  const block = lz4CompressLikePythonLz4(data);
  const out = new Uint8Array(PREFIX_BYTES + block.length);
  new DataView(out.buffer).setUint32(0, data.length, prefixLittle);
  out.set(block, PREFIX_BYTES);
  return out;
}
