/**
 * Bad-input corpus: every hostile id or extend value gets 400 or 404 with a clear error, never a
 * 5xx, and never reaches the upstream (the fake API counts every request it receives).
 */
import { expect, test } from "./fixtures/test";
import { fakeStats, resetFake } from "./e2e-env";
import { BAD_EXTENDS, BAD_IDS } from "./fixtures/bad-inputs";

test.describe.configure({ timeout: 180_000 });

test(`the item API refuses ${BAD_IDS.length} hostile ids and ${BAD_EXTENDS.length} odd extend values`, async ({ request }) => {
  await resetFake();
  const failures: string[] = [];
  for (const id of BAD_IDS) {
    const response = await request.get(`/api/items/${id}?extend=transcript`, { maxRedirects: 0 });
    const status = response.status();
    if (status !== 400 && status !== 404) failures.push(`${id} → ${status}`);
    const type = response.headers()["content-type"] ?? "";
    if (type.includes("json")) {
      const body = (await response.json()) as { error?: { code?: string; message?: string } };
      if (!body.error?.code || !body.error.message) failures.push(`${id} → JSON without a clear error`);
    }
  }
  for (const extend of BAD_EXTENDS) {
    const response = await request.get(`/api/items/cll-demo-billing?extend=${extend}`);
    if (response.status() !== 400) failures.push(`extend=${extend} → ${response.status()}`);
    else expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UNSUPPORTED_EXTEND_VALUE");
  }
  expect(failures).toEqual([]);
  expect((await fakeStats()).itemRequests).toBe(0);
});

test(`the recording route refuses ${BAD_IDS.length} hostile ids`, async ({ request }) => {
  await resetFake();
  const failures: string[] = [];
  for (const id of BAD_IDS) {
    const response = await request.get(`/api/items/${id}/recording`, { headers: { range: "bytes=0-99" }, maxRedirects: 0 });
    if (response.status() !== 400 && response.status() !== 404) failures.push(`${id} → ${response.status()}`);
  }
  expect(failures).toEqual([]);
  const stats = await fakeStats();
  expect(stats.itemRequests + stats.recordingRequests).toBe(0);
});

test(`the item page refuses ${BAD_IDS.length} hostile ids with a clear page`, async ({ request }) => {
  await resetFake();
  const failures: string[] = [];
  for (const id of BAD_IDS) {
    const response = await request.get(`/items/${id}`, { maxRedirects: 0 });
    const status = response.status();
    if (status !== 400 && status !== 404) {
      failures.push(`${id} → ${status}`);
      continue;
    }
    const html = await response.text();
    if (/\bat .+\.(js|ts):\d+/.test(html)) failures.push(`${id} → stack trace in page`);
  }
  expect(failures).toEqual([]);
  expect((await fakeStats()).itemRequests).toBe(0);
});
