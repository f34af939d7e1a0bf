import { Transform, type TransformCallback } from "node:stream";

/**
 * React's renderer writes the document in 2 kB pieces and calls `flush()` on its destination when it
 * has written all it has for now (as it does for the compression middleware). Each piece would
 * otherwise cross the web stream, Remix's adapter, the compression middleware and the socket on its
 * own: this passes on what React wrote between two flushes as one piece (ADR 0027; about 15 % less
 * server CPU for the 83 kB case page on this machine). Nothing is held back past a flush or the end.
 */
export class FlushedPieces extends Transform {
  private pieces: Buffer[] = [];

  override _transform(piece: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.pieces.push(piece);
    done();
  }

  /** Called by React after each round of writing. */
  flush() {
    if (this.pieces.length === 0) return;
    this.push(this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces));
    this.pieces = [];
  }

  override _flush(done: TransformCallback) {
    this.flush();
    done();
  }
}
