import { parse } from "content-disposition";
import { describe, expect, it } from "vitest";
import { encryptBytes } from "~/lib/crypto.server";
import {
  asciiFilename,
  attachmentDisposition,
  attachmentResponse,
  cleanFilename,
  decryptedStream,
  expectedType,
  maxFilenameLength,
  UploadRefused,
  Utf8Check,
} from "~/services/messages/attachments.server";

describe("file names", () => {
  it("keeps å, ä, ö and the name as sent, without path parts, controls or direction overrides", () => {
    expect(cleanFilename("Läkarintyg åäö.pdf")).toBe("Läkarintyg åäö.pdf");
    expect(cleanFilename("C:\\Users\\eva\\Dokument\\intyg.pdf")).toBe("intyg.pdf");
    expect(cleanFilename("../../etc/passwd.txt")).toBe("passwd.txt");
    expect(cleanFilename("rap\u0000port\u0007.txt")).toBe("rapport.txt");
    expect(cleanFilename("faktura\u202Efdp.exe")).toBe("fakturafdp.exe");
    expect(cleanFilename("  svar.txt  ")).toBe("svar.txt");
  });

  it("composes decomposed letters (macOS sends å as a + ring)", () => {
    const decomposed = "La\u0308karintyg a\u030Aa\u0308o\u0308.pdf";
    expect(cleanFilename(decomposed)).toBe("Läkarintyg åäö.pdf");
  });

  it("shortens a long name to 200 characters and keeps the extension", () => {
    const name = cleanFilename(`${"ö".repeat(300)}.pdf`);
    expect(Array.from(name)).toHaveLength(maxFilenameLength);
    expect(name.endsWith("ö.pdf")).toBe(true);
    expect(Array.from(cleanFilename(`${"😀".repeat(250)}.txt`))).toHaveLength(maxFilenameLength);
  });

  it("allows the four types by extension, case-insensitively", () => {
    expect(expectedType("a.PDF")).toBe("application/pdf");
    expect(expectedType("a.png")).toBe("image/png");
    expect(expectedType("a.jpg")).toBe("image/jpeg");
    expect(expectedType("a.JPEG")).toBe("image/jpeg");
    expect(expectedType("a.txt")).toBe("text/plain");
    expect(expectedType("a.exe")).toBeUndefined();
    expect(expectedType("a.pdf.exe")).toBeUndefined();
    expect(expectedType("pdf")).toBeUndefined();
    expect(expectedType("a.svg")).toBeUndefined();
    expect(expectedType("a.html")).toBeUndefined();
  });

  it("has an ASCII stand-in", () => {
    expect(asciiFilename("Läkarintyg åäö.pdf")).toBe("Lakarintyg aao.pdf");
    expect(asciiFilename('a"b\\c%41 €.txt')).toBe("a_b_c_41 _.txt");
  });
});

describe("plain text check", () => {
  const check = (...pieces: Buffer[]) => {
    const utf8 = new Utf8Check();
    for (const piece of pieces) utf8.push(piece);
    return utf8.end();
  };
  const text = Buffer.from("Hej på dig, €uro och 😀 emoji", "utf8");

  it("accepts UTF-8 however it is cut into pieces", () => {
    for (let cut = 0; cut <= text.length; cut++) expect(check(text.subarray(0, cut), text.subarray(cut)), `cut at ${cut}`).toBe(true);
    expect(check(...Array.from(text, (byte) => Buffer.from([byte])))).toBe(true);
    expect(check()).toBe(true);
  });

  it("refuses NUL, invalid bytes, overlong forms, surrogates and an unfinished sequence", () => {
    expect(check(Buffer.from("a\u0000b"))).toBe(false);
    expect(check(Buffer.from([0x68, 0xe5, 0x6a]))).toBe(false); // Latin-1 "håj"
    expect(check(Buffer.from([0xc0, 0xaf]))).toBe(false);
    expect(check(Buffer.from([0xed, 0xa0, 0x80]))).toBe(false);
    expect(check(Buffer.from([0x61, 0xe2, 0x82]))).toBe(false);
    expect(check(Buffer.from([0x61, 0xe2]), Buffer.from([0x82]))).toBe(false);
    expect(check(Buffer.from([0x4d, 0x5a, 0x90, 0x00]))).toBe(false);
  });

  it("agrees with TextDecoder's fatal mode on random bytes", () => {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    for (let round = 0; round < 2000; round++) {
      const bytes = Buffer.from(Array.from({ length: 1 + (round % 9) }, () => [0x61, 0xc3, 0xa5, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0x80][Math.floor(Math.random() * 12)]!));
      let expected: boolean;
      try {
        expected = !decoder.decode(bytes).includes("\u0000");
      } catch {
        expected = false;
      }
      const cut = Math.floor(Math.random() * bytes.length);
      expect(check(bytes.subarray(0, cut), bytes.subarray(cut)), bytes.toString("hex")).toBe(expected);
    }
  });
});

describe("a download", () => {
  it("is an attachment with the exact name, never rendered or cached", async () => {
    const body = new TextEncoder().encode("hej");
    const response = attachmentResponse({ filename: "Läkarintyg åäö.pdf", contentType: "application/pdf", size: body.length }, body);
    const disposition = response.headers.get("Content-Disposition")!;
    expect(disposition).toBe(`attachment; filename="Lakarintyg aao.pdf"; filename*=UTF-8''L%C3%A4karintyg%20%C3%A5%C3%A4%C3%B6.pdf`);
    expect(parse(disposition)).toMatchObject({ type: "attachment", parameters: { filename: "Läkarintyg åäö.pdf" } });
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Length")).toBe("3");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Content-Security-Policy")).toMatch(/\bsandbox\b/);
    expect(await response.text()).toBe("hej");
  });

  it("always names the file twice, ASCII and exact", () => {
    expect(attachmentDisposition("handlingsplan.pdf")).toBe(`attachment; filename="handlingsplan.pdf"; filename*=UTF-8''handlingsplan.pdf`);
    expect(attachmentDisposition("svar (1)'s*.txt")).toBe(`attachment; filename="svar (1)'s*.txt"; filename*=UTF-8''svar%20%281%29%27s%2A.txt`);
  });

  it("sends text as UTF-8 and keeps quotes in the name", () => {
    const response = attachmentResponse({ filename: 'svar "nu".txt', contentType: "text/plain", size: 0 }, new Uint8Array(0));
    expect(response.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(parse(response.headers.get("Content-Disposition")!).parameters.filename).toBe('svar "nu".txt');
  });

  it("decrypts chunk by chunk as it is pulled", async () => {
    const pieces = ["första ", "andra ", "tredje"].map((text) => Buffer.from(text));
    const stream = decryptedStream(pieces.map((piece) => encryptBytes(piece)));
    const reader = stream.getReader();
    const read: string[] = [];
    for (let next = await reader.read(); !next.done; next = await reader.read()) read.push(Buffer.from(next.value).toString());
    expect(read).toEqual(["första ", "andra ", "tredje"]);
  });

  it("errors the stream on a chunk that was altered", async () => {
    const stored = encryptBytes(Buffer.from("hemligt"));
    stored[stored.length - 1] = stored[stored.length - 1]! ^ 1;
    await expect(new Response(decryptedStream([encryptBytes(Buffer.from("ok")), stored])).arrayBuffer()).rejects.toThrow();
  });
});

describe("a refused upload", () => {
  it("carries the text fields, cleaned as the frame cleans them", () => {
    const form = new FormData();
    form.append("subject", "Fråga\u000Bom Eva");
    form.append("to", "a");
    form.append("to", "b");
    const error = new UploadRefused("messages.attachment_type", 400, form);
    expect(error.code).toBe("messages.attachment_type");
    expect(error.status).toBe(400);
    expect(error.values).toEqual({ subject: "Fråga\nom Eva", to: ["a", "b"] });
    expect(error.form.get("subject")).toBe("Fråga\u000Bom Eva");
  });
});
