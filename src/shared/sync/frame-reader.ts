import * as decoding from 'lib0/decoding';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Thrown inside the codec only; decodeFrame turns it into a typed result and never rethrows. */
export class FrameFormatError extends Error {}

/**
 * A bounds-checked reader over lib0's decoder: lib0 trusts its input (a length prefix past the
 * end would read garbage or throw a RangeError), a relay must not.
 */
export class FrameReader {
  private readonly decoder: decoding.Decoder;

  constructor(private readonly bytes: Uint8Array) {
    this.decoder = decoding.createDecoder(bytes);
  }

  private remaining(): number {
    return this.bytes.length - this.decoder.pos;
  }

  uint8(): number {
    if (this.remaining() < 1) throw new FrameFormatError('frame ends early');
    return decoding.readUint8(this.decoder);
  }

  /** A non-negative safe integer (varuint, at most 8 bytes). */
  uint(field: string, max = Number.MAX_SAFE_INTEGER): number {
    if (this.remaining() < 1) throw new FrameFormatError(`${field}: frame ends early`);
    let value: number;
    try {
      value = decoding.readVarUint(this.decoder);
    } catch {
      throw new FrameFormatError(`${field}: not a valid number`);
    }
    if (this.decoder.pos > this.bytes.length) throw new FrameFormatError(`${field}: frame ends early`);
    if (!Number.isSafeInteger(value) || value > max) throw new FrameFormatError(`${field}: out of range`);
    return value;
  }

  bool(field: string): boolean {
    const v = this.uint8();
    if (v !== 0 && v !== 1) throw new FrameFormatError(`${field}: not a boolean`);
    return v === 1;
  }

  bytesField(field: string, maxLength: number): Uint8Array {
    const length = this.uint(`${field} length`);
    if (length > maxLength) throw new FrameFormatError(`${field}: longer than ${maxLength} bytes`);
    if (length > this.remaining()) throw new FrameFormatError(`${field}: frame ends early`);
    // A copy: the caller may keep it after the socket's buffer is reused.
    return decoding.readUint8Array(this.decoder, length).slice();
  }

  string(field: string, maxBytes: number, pattern?: RegExp): string {
    const raw = this.bytesField(field, maxBytes);
    let text: string;
    try {
      text = UTF8.decode(raw);
    } catch {
      throw new FrameFormatError(`${field}: not UTF-8`);
    }
    if (pattern && !pattern.test(text)) throw new FrameFormatError(`${field}: bad format`);
    return text;
  }

  count(field: string, max: number): number {
    const n = this.uint(field);
    if (n > max) throw new FrameFormatError(`${field}: more than ${max}`);
    // Every item takes at least one byte: a huge count in a tiny frame is refused before looping.
    if (n > this.remaining()) throw new FrameFormatError(`${field}: frame ends early`);
    return n;
  }

  end(): void {
    if (this.remaining() !== 0) throw new FrameFormatError('trailing bytes after the frame');
  }
}
