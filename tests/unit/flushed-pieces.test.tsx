import { Suspense } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FlushedPieces } from "~/lib/flushed-pieces.server";

/** Renders `page` as the server entry does, into FlushedPieces, and collects what comes out. */
function render(page: React.ReactNode): Promise<{ pieces: Buffer[]; written: number }> {
  return new Promise((resolve, reject) => {
    const body = new FlushedPieces();
    const pieces: Buffer[] = [];
    let written = 0;
    const write = body.write.bind(body);
    body.write = ((...args: Parameters<typeof body.write>) => {
      written++;
      return write(...args);
    }) as typeof body.write;
    body.on("data", (piece: Buffer) => pieces.push(piece));
    body.on("end", () => resolve({ pieces, written }));
    body.on("error", reject);
    const { pipe } = renderToPipeableStream(page, { onShellReady: () => pipe(body), onShellError: reject });
  });
}

describe("the document's pieces (FlushedPieces)", () => {
  const rows = Array.from({ length: 600 }, (_, i) => `Rad ${i} – ${"ä".repeat(40)}`);
  const page = (
    <table>
      <tbody>
        {rows.map((row) => (
          <tr key={row}>
            <td>{row}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );

  it("passes on what React wrote between two flushes as one piece, and all of it", async () => {
    const { pieces, written } = await render(page);
    // React writes a document of this size in dozens of 2 kB pieces...
    expect(written).toBeGreaterThan(20);
    // ...which go on as one, since nothing in the page waits.
    expect(pieces).toHaveLength(1);
    const html = Buffer.concat(pieces).toString("utf8");
    for (const row of [rows[0]!, rows[299]!, rows[599]!]) expect(html).toContain(`<td>${row}</td>`);
    expect(html.endsWith("</tbody></table>")).toBe(true);
  });

  it("holds nothing back past a flush: a shell goes out before the part it waits for", async () => {
    let release: () => void = () => undefined;
    const waited = new Promise<void>((resolve) => (release = resolve));
    let ready = false;
    function Later() {
      if (!ready) throw waited.then(() => (ready = true));
      return <p>Senare del</p>;
    }
    const rendering = render(
      <main>
        <h1>Skal</h1>
        <Suspense fallback={<p>Laddar</p>}>
          <Later />
        </Suspense>
      </main>,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    const { pieces } = await rendering;
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    expect(pieces[0]!.toString("utf8")).toContain("Laddar");
    expect(pieces[0]!.toString("utf8")).not.toContain("Senare del");
    expect(Buffer.concat(pieces).toString("utf8")).toContain("Senare del");
  });

  it("holds nothing back when the stream ends without a flush", async () => {
    const body = new FlushedPieces();
    const out: Buffer[] = [];
    body.on("data", (piece: Buffer) => out.push(piece));
    const ended = new Promise((resolve) => body.on("end", resolve));
    body.write("första ");
    body.write("andra");
    body.end();
    await ended;
    expect(Buffer.concat(out).toString("utf8")).toBe("första andra");
  });

  it("ends once: a second end (React aborting a finished render) builds no error", async () => {
    const body = new FlushedPieces();
    body.resume();
    const finished = new Promise((resolve) => body.on("finish", resolve));
    const { pipe, abort } = renderToPipeableStream(page, { onShellReady: () => pipe(body) });
    await finished;
    const errors: unknown[] = [];
    body.on("error", (error) => errors.push(error));
    abort();
    const answer = await new Promise((resolve) => body.end(resolve));
    // Node answers a second end with ERR_STREAM_ALREADY_FINISHED.
    expect(answer).toBeUndefined();
    expect(errors).toEqual([]);
  });
});
