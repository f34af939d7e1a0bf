import { describe, expect, it } from "vitest";
import { maxFormBytes, readForm } from "~/lib/http.server";

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
});
