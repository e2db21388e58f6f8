// The journalist's path through the Dateline UI in headless Chromium, run by
// tests/browser.rs: search "Tokayev", open the seed article, check every quote is
// highlighted with its speaker, click a quote, land on the speaker's page; then the map,
// the paste box, and an ingested page full of script payloads that must not run.
// Usage: node journey.js BASE_URL SCREENSHOT_DIR TOKEN. Exits 1 when a check fails.
"use strict";
const { chromium } = require("playwright-core");
const path = require("path");

const [base, shots, token] = process.argv.slice(2);
const TOKAYEV = "Kassym-Jomart Tokayev";
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
};

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox"],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("dialog", async (d) => {
    problems.push(`dialog: ${d.message()}`);
    await d.dismiss();
  });
  const shot = (name) => page.screenshot({ path: path.join(shots, `${name}.png`) });

  // Search.
  await page.goto(`${base}/`);
  await page.fill("form.search input[name=q]", "Tokayev");
  await Promise.all([page.waitForURL(/\?q=Tokayev/), page.press("form.search input[name=q]", "Enter")]);
  const seedHit = page.locator("ol.hits li.hit[data-kind=document] a").first();
  check((await seedHit.count()) === 1, "search for Tokayev lists the seed article");
  await shot("search");

  // Article view: every quote highlighted, 29 of them attributed to Tokayev.
  await Promise.all([page.waitForURL(/\/documents\/\d+$/), seedHit.click()]);
  const quotes = page.locator("#article span.quote[data-quote-id]:not(.cont)");
  const byTokayev = page.locator(`#article span.quote[data-speaker="${TOKAYEV}"]:not(.cont)`);
  const listed = await page.locator("ol.quote-list li").count();
  check((await quotes.count()) === listed && listed >= 29, `all ${listed} quotes highlighted`);
  check((await byTokayev.count()) >= 29, `${await byTokayev.count()} quotes by ${TOKAYEV}`);
  for (const kind of ["entity", "place", "date", "event"]) {
    check((await page.locator(`#article .hl.${kind}`).count()) > 0, `${kind} highlights`);
  }
  await byTokayev.first().scrollIntoViewIfNeeded();
  await shot("article");

  // Clicking a quote's own words leads to its speaker (the app script follows data-href).
  const quote = byTokayev.nth(1);
  const speakerId = await quote.getAttribute("data-speaker-id");
  const box = await quote.boundingBox();
  await Promise.all([
    page.waitForURL(new RegExp(`/speakers/${speakerId}$`)),
    page.mouse.click(box.x + 16, box.y + Math.min(box.height / 2, 10)),
  ]);
  check((await page.locator("h1").textContent()) === TOKAYEV, "the quote leads to Tokayev's page");
  check((await page.locator("li.quote-record").count()) > 0, "the speaker page lists his quotes");
  await shot("speaker");

  // Map: country outlines and markers, drawn from the embedded atlas.
  await page.goto(`${base}/map`);
  check((await page.locator("svg.map path.country").count()) > 150, "map draws the countries");
  check((await page.locator("svg.map a.place-point").count()) > 0, "map marks places");
  await shot("map");

  // Paste box: analyse without storing.
  await page.goto(`${base}/paste`);
  await page.fill("textarea[name=content]", `${TOKAYEV} said: “The order has been given.”`);
  await Promise.all([page.waitForURL(/\/paste$/), page.click("form.paste button[type=submit]")]);
  check((await page.locator("#article span.quote").count()) === 1, "pasted quote highlighted");
  await shot("paste");

  // Hostile page: nothing in it may run.
  const payloads = {
    html:
      "<html><head><title>Payloads</title><script>window.__ran = 'head'; alert('head')</script></head>" +
      "<body><article><h1>Protesters gather in Almaty</h1>" +
      "<p>Protesters gathered on Friday. <img src=x onerror=\"window.__ran='img'; alert('img')\"> Police watched.</p>" +
      "<p><a href=\"javascript:window.__ran='link'\">Read more</a>, the organisers said.</p>" +
      "<p>&lt;script&gt;window.__ran = 'text'&lt;/script&gt; was printed on a leaflet.</p>" +
      "</article></body></html>",
    url: "javascript:window.__ran='url'",
  };
  const ingest = await page.request.post(`${base}/api/ingest`, {
    headers: { authorization: `Bearer ${token}` },
    data: { documents: [payloads] },
  });
  check(ingest.ok(), `hostile page ingested (${ingest.status()})`);
  const [id] = (await ingest.json()).documents;
  await page.goto(`${base}/documents/${id}`);
  check(page.url() === `${base}/documents/${id}`, "the hostile page opens");
  const article = await page.locator("#article").textContent();
  check(article.includes("Protesters gathered"), "its text is shown");
  check(article.includes("<script>window.__ran"), "the printed script is shown as text");
  check((await page.locator("a[href^='javascript:' i]").count()) === 0, "no javascript: link");
  check((await page.locator("#article img, #article script").count()) === 0, "no markup from the page");
  check((await page.evaluate(() => window.__ran)) === undefined, "no payload ran");
  await shot("hostile");

  check(problems.length === 0, `no console errors or dialogs: ${JSON.stringify(problems)}`);
  await browser.close();
  process.exit(failures.length ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
