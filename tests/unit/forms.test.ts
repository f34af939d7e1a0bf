import { describe, expect, it } from "vitest";
import { maxFormBytes, readForm } from "~/lib/http.server";
import { answerFormLimit, readAnswerInput } from "~/services/requests/forms";

async function refusal(request: Request) {
  try {
    await readForm(request);
  } catch (error) {
    return error as { data: { code: string }; init: { status: number } };
  }
  throw new Error("readForm accepted the request");
}

const post = (body: BodyInit, type = "application/x-www-form-urlencoded") =>
  new Request("http://localhost/login", { method: "POST", headers: { "Content-Type": type }, body });

const encoder = new TextEncoder();

/** A chunked POST: the body arrives as a stream without Content-Length; `pulled` counts chunks read. */
function chunkedPost(chunks: Iterable<Uint8Array>, type = "application/x-www-form-urlencoded") {
  const source = chunks[Symbol.iterator]();
  const progress = { pulled: 0, finished: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = source.next();
      if (next.done) {
        progress.finished = true;
        controller.close();
      } else {
        progress.pulled += 1;
        controller.enqueue(next.value);
      }
    },
  });
  const init = { method: "POST", headers: { "Content-Type": type }, body, duplex: "half" };
  const request = new Request("http://localhost/login", init as RequestInit);
  expect(request.headers.get("Content-Length")).toBeNull();
  return { request, progress };
}

function* endless(chunk: Uint8Array, count: number) {
  yield encoder.encode("password=");
  for (let i = 0; i < count; i += 1) yield chunk;
}

describe("readForm", () => {
  it("reads an ordinary form", async () => {
    const form = await readForm(post("email=a%40b.example&password=x"));
    expect(form.get("email")).toBe("a@b.example");
  });

  it("refuses an oversized form with 400 form.too_large", async () => {
    const error = await refusal(post(`text=${"x".repeat(maxFormBytes)}`));
    expect(error.init.status).toBe(400);
    expect(error.data.code).toBe("form.too_large");
  });

  it("refuses a body that is not a form with 400 form.malformed", async () => {
    expect((await refusal(post('{"email":"a"}', "application/json"))).data.code).toBe("form.malformed");
    const broken = await refusal(post("--x\r\nbroken", "multipart/form-data; boundary=nothing"));
    expect(broken.init.status).toBe(400);
    expect(broken.data.code).toBe("form.malformed");
  });

  it("refuses a chunked body past the limit with 400 form.too_large, without reading it to the end", async () => {
    const chunk = 16 * 1024;
    const { request, progress } = chunkedPost(endless(new Uint8Array(chunk).fill(120), 1024)); // 16 MiB of "x"
    const error = await refusal(request);
    expect(error.init.status).toBe(400);
    expect(error.data.code).toBe("form.too_large");
    expect(progress.finished).toBe(false);
    // Just past the limit, plus the one chunk a stream may pull ahead.
    expect(progress.pulled).toBeLessThanOrEqual(maxFormBytes / chunk + 2);
  });

  it("reads a chunked urlencoded form under the limit", async () => {
    const parts = ["email=a%40b.", "example&note=", "y".repeat(4000), "&password=x"];
    const { request, progress } = chunkedPost(parts.map((part) => encoder.encode(part)));
    const form = await readForm(request);
    expect(progress.finished).toBe(true);
    expect(form.get("email")).toBe("a@b.example");
    expect(form.get("note")).toBe("y".repeat(4000));
    expect(form.get("password")).toBe("x");
  });

  it("reads a chunked multipart answer with a PDF larger than an ordinary form", async () => {
    const pdf = new Uint8Array(300 * 1024).fill(37);
    const sent = new FormData();
    sent.set("intent", "send");
    sent.set("file", new File([pdf], "utlatande.pdf", { type: "application/pdf" }));
    const encoded = new Response(sent);
    const bytes = new Uint8Array(await encoded.arrayBuffer());
    const pieces = Array.from({ length: Math.ceil(bytes.length / 8192) }, (_, i) => bytes.subarray(i * 8192, (i + 1) * 8192));
    const { request } = chunkedPost(pieces, encoded.headers.get("Content-Type")!);
    const form = await readForm(request, answerFormLimit);
    expect(form.get("intent")).toBe("send");
    const file = form.get("file") as File;
    expect(file.name).toBe("utlatande.pdf");
    expect(file.size).toBe(pdf.length);
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
  });
});

describe("the answer form's text", () => {
  it("is cleaned as every form's is: control characters out, Word's soft line break a line break", async () => {
    const item = "3f1b1c1e-2d4a-4c6b-9e8f-0a1b2c3d4e5f";
    const form = new FormData();
    form.append(`reasonText:${item}`, "rad ett\u000brad två\u0000");
    form.append(`answer:${item}:note`, "x\u0007y");
    form.append(`answer:${item}:period:from`, "2026-01-01\u0000");
    const answers = await readAnswerInput(form);
    expect(answers[item]).toMatchObject({ reasonText: "rad ett\nrad två", fields: { note: "xy", period: { from: "2026-01-01", to: "" } } });
  });
});
