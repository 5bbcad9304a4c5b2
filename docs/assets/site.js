// mideast-events docs: sortable and searchable tables, map sizes, tooltips. No libraries, no network.
(function () {
  "use strict";

  function cellValue(row, index, type) {
    const cell = row.cells[index];
    if (!cell) return "";
    const raw = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
    if (type === "number") {
      const n = parseFloat(raw);
      return isNaN(n) ? -Infinity : n;
    }
    return raw.toLowerCase();
  }

  function makeSortable(table) {
    const headers = table.tHead ? Array.from(table.tHead.rows[0].cells) : [];
    headers.forEach(function (th, index) {
      th.classList.add("me-sort");
      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      const sort = function () {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const body = table.tBodies[0];
        const type = th.dataset.type || "text";
        const rows = Array.from(body.rows);
        rows.sort(function (a, b) {
          const x = cellValue(a, index, type), y = cellValue(b, index, type);
          const order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
      });
    });
  }

  function makeSearchable(table) {
    const input = document.getElementById(table.dataset.search);
    const counter = document.getElementById(table.dataset.count);
    if (!input) return;
    const rows = Array.from(table.tBodies[0].rows);
    // what a row says, plus its cells' titles (the full source lists behind the short ones)
    const texts = rows.map(function (r) {
      const titles = Array.from(r.querySelectorAll("[title]")).map(function (c) { return c.title; });
      return (r.textContent + " " + titles.join(" ")).toLowerCase();
    });
    const noun = table.dataset.noun || "rows";
    const update = function () {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      rows.forEach(function (r, i) {
        const match = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
        r.hidden = !match;
        if (match) shown += 1;
      });
      if (counter) counter.textContent = shown + " of " + rows.length + " " + noun;
    };
    input.addEventListener("input", update);
    update();
  }

  function setupTooltips() {
    let tip = document.querySelector(".me-tooltip");
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "me-tooltip";
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    document.querySelectorAll("[data-tip]").forEach(function (el) {
      const title = el.querySelector("title");
      if (title) title.remove();  // our tooltip replaces the slow native one
      el.addEventListener("mousemove", function (e) {
        tip.textContent = el.dataset.tip;
        if (el.dataset.events) tip.textContent += " — " + el.dataset.events.split(" ").join(", ");
        tip.hidden = false;
        tip.style.left = (e.clientX + 14) + "px";
        tip.style.top = (e.clientY + 14) + "px";
      });
      el.addEventListener("mouseleave", function () { tip.hidden = true; });
    });
    document.querySelectorAll(".me-point[data-events]").forEach(function (el) {
      el.addEventListener("click", function () {
        const ids = el.dataset.events.split(" ");
        if (ids.length === 1) {
          window.location.href = el.dataset.href + ids[0] + "/";
        } else {
          window.location.href = "../events/#" + encodeURIComponent(ids.join(" "));
        }
      });
    });
  }

  function setupMapSize() {
    document.querySelectorAll('input[name="me-size"]').forEach(function (radio) {
      radio.addEventListener("change", function () {
        const key = radio.value === "casualties" ? "rCasualties" : "rEvents";
        const points = Array.from(document.querySelectorAll(".me-point"));
        points.forEach(function (c) { c.setAttribute("r", c.dataset[key]); });
        // biggest first, so that no small circle hides under a big one
        points.sort(function (a, b) { return parseFloat(b.dataset[key]) - parseFloat(a.dataset[key]); });
        points.forEach(function (c) {
          const firstLabel = c.parentNode.querySelector(".me-place-label");
          c.parentNode.insertBefore(c, firstLabel);
        });
      });
    });
  }

  // Opening the events page with #IRQ1 IRQ2 (from a map circle) filters it to those events.
  function applyHashFilter() {
    const input = document.getElementById("event-search");
    if (!input || !window.location.hash) return;
    const ids = decodeURIComponent(window.location.hash.slice(1)).split(/\s+/).filter(Boolean);
    if (!ids.length) return;
    const table = document.getElementById("events-table");
    Array.from(table.tBodies[0].rows).forEach(function (r) { r.hidden = ids.indexOf(r.dataset.event) === -1; });
    const counter = document.getElementById(table.dataset.count);
    if (counter) counter.textContent = ids.length + " of " + table.tBodies[0].rows.length + " events (from the map)";
  }

  function scrollToEvidence() {
    document.querySelectorAll(".me-seed").forEach(function (box) {
      const mark = box.querySelector("mark");
      if (mark) box.scrollTop = mark.offsetTop - box.offsetTop - 40;
    });
  }

  function init() {
    document.querySelectorAll("table.me-sortable").forEach(function (t) {
      makeSortable(t);
      makeSearchable(t);
    });
    setupTooltips();
    setupMapSize();
    applyHashFilter();
    scrollToEvidence();
  }

  // Material's instant navigation swaps pages without reloading; document$ tells us when.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
