import { describe, expect, test } from "bun:test";
import { redactConfig, redactStrings, redactUrlUserinfo, secretValues } from "../../src/config/redact.ts";

describe("URL userinfo redaction", () => {
  test("removes user and password from every URL in a text, and nothing else", () => {
    expect(redactUrlUserinfo("http://admin:PASS@sonarr:8989/api")).toBe("http://***@sonarr:8989/api");
    expect(redactUrlUserinfo("GET https://u:p%40ss@x.example/a failed; see http://plain.example/b")).toBe(
      "GET https://***@x.example/a failed; see http://plain.example/b",
    );
    // A raw "@" inside the password: everything up to the last one before the host goes.
    expect(redactUrlUserinfo('{"url":"http://admin:p@ss@host:1"}')).toBe('{"url":"http://***@host:1"}');
    expect(redactUrlUserinfo("mail admin@example.com")).toBe("mail admin@example.com");
  });

  test("config, health-style objects and the logger's secret list all cover it", () => {
    const config = { sonarr: [{ url: "http://admin:S3cretPass@sonarr:8989", apiKey: "abcd1234" }] };
    expect(redactConfig(config)).toEqual({ sonarr: [{ url: "http://***@sonarr:8989", apiKey: "***" }] });
    expect(redactStrings({ message: "x http://a:bcdef@h", n: 1 })).toEqual({
      message: "x http://***@h",
      n: 1,
    });
    expect(secretValues(config).sort()).toEqual(["S3cretPass", "abcd1234", "admin:S3cretPass"].sort());
  });
});
