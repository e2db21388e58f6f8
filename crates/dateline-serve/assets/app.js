// Dateline UI behaviour. Pages work without it; this only makes highlights that sit
// inside another link (rendered as <span data-href>) clickable, and marks the quote
// that a URL fragment points at. Loaded from /assets, never inline (the CSP forbids that).
"use strict";

document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (!target || target.closest("a[href]")) return;
  const linked = target.closest("[data-href]");
  if (!linked) return;
  const href = linked.getAttribute("data-href");
  // Only our own pages: relative paths starting with a single slash.
  if (href && href.startsWith("/") && !href.startsWith("//")) {
    window.location.assign(href);
  }
});

document.addEventListener("keydown", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (event.key !== "Enter" || !target || !target.matches("[data-href]")) return;
  target.click();
});

function markFragment() {
  document.querySelectorAll(".targeted").forEach((el) => el.classList.remove("targeted"));
  if (!location.hash) return;
  const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (el) el.classList.add("targeted");
}
window.addEventListener("hashchange", markFragment);
document.addEventListener("DOMContentLoaded", markFragment);
