/** Dispatch from a bsread compression name to its codec, for values and data headers. */
import { bitshuffleLz4Compress, bitshuffleLz4Decompress } from "./bitshuffle.js";
import { lz4FramedCompress, lz4FramedDecompress } from "./lz4-framing.js";
import type { Compression } from "./types.js";

export interface DecompressOptions {
  elementSize: number;
  /** Byte order to read an lz4 size prefix in first. */
  littleEndian: boolean;
  /** Exact decoded size when the shape fixes it (not for strings / data headers). */
  expectedSize?: number;
}

/** "none" returns the frame itself; the codecs return a fresh buffer the caller owns. */
export function decompress(frame: Uint8Array, compression: Compression, options: DecompressOptions): Uint8Array {
  switch (compression) {
    case "none":
      return frame;
    case "bitshuffle_lz4":
      return bitshuffleLz4Decompress(frame, options.elementSize, options.expectedSize);
    case "lz4":
      return lz4FramedDecompress(frame, options.littleEndian, options.expectedSize);
  }
}

export interface CompressOptions {
  elementSize: number;
  /** Byte order of an lz4 size prefix. */
  lz4PrefixLittle: boolean;
}

export function compress(data: Uint8Array, compression: Compression, options: CompressOptions): Uint8Array {
  switch (compression) {
    case "none":
      return data;
    case "bitshuffle_lz4":
      return bitshuffleLz4Compress(data, options.elementSize);
    case "lz4":
      return lz4FramedCompress(data, options.lz4PrefixLittle);
  }
}
