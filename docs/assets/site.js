// mideast-events docs: the events explorer, sortable tables, the map, tooltips. Leaflet (vendored in
// assets/vendor) draws the map; nothing is fetched from another host.
(function () {
  "use strict";

  const BACK_KEY = "me-events-query";  // the events list's last filters, for the way back from an event

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

  // Plain word search for tables other than the events list (which the explorer drives).
  function makeSearchable(table) {
    const input = document.getElementById(table.dataset.search);
    if (!input || table.id === "events-table") return;
    const counter = document.getElementById(table.dataset.count);
    const rows = Array.from(table.tBodies[0].rows);
    const texts = rows.map(rowText);
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

  // what a row says, plus its cells' titles (the full source lists behind the short ones)
  function rowText(r) {
    const titles = Array.from(r.querySelectorAll("[title]")).map(function (c) { return c.title; });
    return (r.textContent + " " + titles.join(" ")).toLowerCase();
  }

  // ------------------------------------------------------------------------------ events explorer

  function setupExplorer() {
    const dataEl = document.getElementById("me-explorer-data");
    const table = document.getElementById("events-table");
    if (!dataEl || !table || table.dataset.explorer) return;
    table.dataset.explorer = "1";
    const data = JSON.parse(dataEl.textContent);
    const rows = Array.from(table.tBodies[0].rows);
    const byId = {};
    rows.forEach(function (r) { byId[r.dataset.event] = r; });
    const ids = Object.keys(data.rows);  // events.csv order
    const texts = {};
    rows.forEach(function (r) { texts[r.dataset.event] = rowText(r); });
    const search = document.getElementById("event-search");
    const from = document.getElementById("f-from");
    const to = document.getElementById("f-to");
    const counter = document.getElementById("event-count");
    const state = {};
    const selects = {};

    const valuesOf = function (id, key) {
      const v = data.rows[id][key];
      return Array.isArray(v) ? v : [v];
    };

    // options of each facet: every value that occurs, sorted (months in time order)
    data.facets.forEach(function (f) {
      const seen = {};
      ids.forEach(function (id) { valuesOf(id, f.key).forEach(function (v) { seen[v] = true; }); });
      f.values = Object.keys(seen).sort();
      const label = document.createElement("label");
      label.className = "me-facet";
      const span = document.createElement("span");
      span.textContent = f.label;
      const select = document.createElement("select");
      select.id = "f-" + f.key;
      select.dataset.facet = f.key;
      label.appendChild(span);
      label.appendChild(select);
      document.getElementById(f.more ? "me-more-facets" : "me-facets").appendChild(label);
      selects[f.key] = select;
      select.addEventListener("change", function () { state[f.key] = select.value; update(); });
    });

    const matches = function (id, except) {
      for (const f of data.facets) {
        if (f.key === except || !state[f.key]) continue;
        if (valuesOf(id, f.key).indexOf(state[f.key]) === -1) return false;
      }
      const d = data.rows[id].date;
      if (state.from && d < state.from) return false;
      if (state.to && d > state.to) return false;
      if (state.q) {
        const words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
        if (!words.every(function (w) { return texts[id].indexOf(w) !== -1; })) return false;
      }
      return true;
    };

    const readUrl = function () {
      const params = new URLSearchParams(window.location.search);
      data.facets.forEach(function (f) { state[f.key] = params.get(f.key) || ""; });
      state.from = params.get("from") || "";
      state.to = params.get("to") || "";
      state.q = params.get("q") || "";
      search.value = state.q;
      from.value = state.from;
      to.value = state.to;
    };

    const writeUrl = function () {
      const params = new URLSearchParams();
      data.facets.forEach(function (f) { if (state[f.key]) params.set(f.key, state[f.key]); });
      ["from", "to", "q"].forEach(function (k) { if (state[k]) params.set(k, state[k]); });
      const query = params.toString() ? "?" + params.toString() : "";
      window.history.replaceState(null, "", window.location.pathname + query);
      try { window.sessionStorage.setItem(BACK_KEY, query); } catch (e) { /* storage off: the link goes to the full list */ }
    };

    const update = function () {
      let shown = 0;
      const selected = [];
      ids.forEach(function (id) {
        const ok = matches(id, null);
        if (byId[id]) byId[id].hidden = !ok;
        if (ok) { shown += 1; selected.push(id); }
      });
      // each facet counts what its values would leave, given the other filters
      data.facets.forEach(function (f) {
        const counts = {};
        let all = 0;
        ids.forEach(function (id) {
          if (!matches(id, f.key)) return;
          all += 1;
          valuesOf(id, f.key).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
        });
        const select = selects[f.key];
        select.innerHTML = "";
        const any = new Option("All (" + all + ")", "");
        select.add(any);
        f.values.forEach(function (v) {
          const n = counts[v] || 0;
          if (!n && v !== state[f.key]) return;  // only choices that leave rows
          select.add(new Option((v === "" ? "(empty)" : v) + " (" + n + ")", v));
        });
        select.value = state[f.key] || "";
        select.parentNode.classList.toggle("me-active", Boolean(state[f.key]));
      });
      const active = data.facets.some(function (f) { return state[f.key]; }) || state.from || state.to || state.q;
      counter.textContent = shown + " of " + ids.length + " events" + (active ? " (filtered)" : "");
      document.getElementById("me-clear").disabled = !active;
      const button = document.getElementById("me-download");
      button.textContent = "Download " + (shown === 1 ? "this row" : "these " + shown + " rows") + " (CSV)";
      button.dataset.ids = selected.join(" ");
      writeUrl();
    };

    search.addEventListener("input", function () { state.q = search.value.trim(); update(); });
    from.addEventListener("change", function () { state.from = from.value; update(); });
    to.addEventListener("change", function () { state.to = to.value; update(); });
    document.getElementById("me-clear").addEventListener("click", function () {
      Object.keys(state).forEach(function (k) { state[k] = ""; });
      search.value = from.value = to.value = "";
      update();
    });
    document.getElementById("me-download").addEventListener("click", function () {
      const chosen = this.dataset.ids ? this.dataset.ids.split(" ") : [];
      const text = data.header + "\n" + chosen.map(function (id) { return data.rows[id].csv + "\n"; }).join("");
      const blob = new Blob([text], { type: "text/csv;charset=utf-8" });
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "mideast-events-filtered.csv";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    });
    readUrl();
    update();
  }

  // An event page's "Events" link goes back to the list as it was last filtered.
  function setupBackLink() {
    let query = "";
    try { query = window.sessionStorage.getItem(BACK_KEY) || ""; } catch (e) { query = ""; }
    document.querySelectorAll("a[data-me-back]").forEach(function (a) {
      if (!query) return;
      a.setAttribute("href", a.getAttribute("href").split("?")[0] + query);
      a.textContent = "Events (as you filtered them)";
    });
  }

  // ------------------------------------------------------------------------------------- tooltips

  function setupTooltips() {
    let tip = document.querySelector(".me-tooltip");
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "me-tooltip";
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    document.querySelectorAll("svg [data-tip]").forEach(function (el) {
      const title = el.querySelector("title");
      if (title) title.remove();  // our tooltip replaces the slow native one
      el.addEventListener("mousemove", function (e) {
        tip.textContent = el.dataset.tip;
        tip.hidden = false;
        tip.style.left = Math.min(e.clientX + 14, window.innerWidth - tip.offsetWidth - 4) + "px";
        tip.style.top = (e.clientY + 14) + "px";
      });
      el.addEventListener("mouseleave", function () { tip.hidden = true; });
    });
  }

  // ------------------------------------------------------------------------------------------ map

  const DIRECTION_COLOURS = {};

  function markerBackground(place) {
    const parts = [];
    let at = 0;
    Object.keys(place.by).forEach(function (d) {
      const share = place.by[d] / place.n * 100;
      parts.push(DIRECTION_COLOURS[d] + " " + at + "% " + (at + share) + "%");
      at += share;
    });
    return parts.length === 1 ? DIRECTION_COLOURS[Object.keys(place.by)[0]] : "conic-gradient(" + parts.join(", ") + ")";
  }

  function setupMap() {
    const el = document.getElementById("me-map");
    if (!el || el.dataset.ready || !window.L || !window.ME_BASEMAP) return;
    el.dataset.ready = "1";
    const L = window.L, bm = window.ME_BASEMAP;
    const places = JSON.parse(document.getElementById("me-places").textContent);
    Object.assign(DIRECTION_COLOURS, JSON.parse(el.dataset.colours));
    const v = bm.view;
    // every place of the data is in view (events at sea and in Yemen lie south of the base map's scope)
    const placed = L.latLngBounds(places.map(function (p) { return [p.lat, p.lon]; }));
    // panning stops a view's width beyond the base map (a bound as narrow as the map would lock a wide
    // screen's view in place)
    const outer = L.latLngBounds([[v[1], v[0]], [v[3], v[2]]]).pad(1).extend(placed.pad(0.5));
    const map = L.map(el, {
      zoomSnap: 0.25, minZoom: 3, maxZoom: 11, keyboard: true, maxBounds: outer,
    });
    // a view first: Leaflet draws vector layers only on a map that has one
    const scope = L.geoJSON({ type: "FeatureCollection", features: bm.countries.features.filter(function (f) { return f.properties.scope; }) });
    scope.getBounds = (function (own) { return function () { return own.call(scope).extend(placed); }; })(scope.getBounds);
    const PAD = { padding: [24, 24] };  // room for the circles round the outermost places
    map.fitBounds(scope.getBounds(), PAD);
    // the page may still be laying out (styles in the page body): fit again once it is
    let touched = false;
    ["mousedown", "touchstart", "wheel", "keydown"].forEach(function (t) { el.addEventListener(t, function () { touched = true; }); });
    const refit = function () { if (!touched) { map.invalidateSize(); map.fitBounds(scope.getBounds(), PAD); } };
    // the buttons above the map: one theatre's places, or all of them
    document.querySelectorAll(".me-map-views button[data-theatre]").forEach(function (b) {
      b.addEventListener("click", function () {
        touched = true;
        const t = b.dataset.theatre;
        const mine = places.filter(function (p) { return !t || p.theatres.indexOf(t) !== -1; });
        map.fitBounds(t ? L.latLngBounds(mine.map(function (p) { return [p.lat, p.lon]; })) : scope.getBounds(), PAD);
        document.querySelectorAll(".me-map-views button").forEach(function (o) { o.setAttribute("aria-pressed", String(o === b)); });
      });
    });
    if (document.readyState === "complete") refit(); else window.addEventListener("load", refit);
    el.meMap = map;  // for the browser tests
    map.on("zoomend moveend", function () { declutter(el); });
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution("Natural Earth; GeoNames");
    L.geoJSON(bm.countries, {
      interactive: false,
      style: function (f) {
        return { fillColor: f.properties.scope ? "#ebe7da" : "#f6f5f0", fillOpacity: 1, color: "#8d887a", weight: 1.3 };
      },
    }).addTo(map);
    L.geoJSON(bm.admin1, { interactive: false, style: { fill: false, color: "#a9a493", weight: 0.8, dashArray: "3 3" } }).addTo(map);
    L.geoJSON(bm.rivers, { interactive: false, style: { color: "#7fb0d6", weight: 1.4 } }).addTo(map);
    L.geoJSON(bm.lakes, { interactive: false, style: { color: "#7fb0d6", weight: 1 } }).addTo(map);
    bm.towns.forEach(function (t, i) {
      const major = t.population >= 500000;
      const label = document.createElement("span");
      label.textContent = t.name;
      L.circleMarker([t.lat, t.lon], { radius: 2.5, color: "#555", weight: 1, fillColor: "#fff", fillOpacity: 1, interactive: false })
        .bindTooltip(label, { permanent: true, direction: "right", offset: [3, 0], className: "me-town " + (major ? "me-town-major" : "me-town-minor") })
        .addTo(map);
    });
    const zoomClass = function () { el.classList.toggle("me-zoomed-out", map.getZoom() < 7); };
    map.on("zoomend", zoomClass);
    zoomClass();

    const all = [];
    // circles shrink with a narrow map (a phone), the size legend with them
    const k = Math.max(0.55, Math.min(1, el.clientWidth / 900));
    document.querySelectorAll(".me-map-legend .me-size[data-size]").forEach(function (s) {
      s.style.width = s.style.height = Math.max(12, +s.dataset.size * k) + "px";
    });
    places.forEach(function (p) {
      const d = Math.max(12, p.size * k);  // a place stays big enough to tap
      // the icon's box is a square: only the round dot inside it takes the pointer (CSS), so a click
      // beside a circle reaches the place under it, not a neighbour's corner
      const icon = L.divIcon({ className: "me-marker", iconSize: [d, d], html: '<span class="me-dot"></span>' });
      const tip = p.location + " (" + (p.sea ? "sea area, " : "") + p.country + "): " + p.n + " event" + (p.n === 1 ? "" : "s") + " — " +
        Object.keys(p.by).map(function (k) { return k + ": " + p.by[k]; }).join(", ") +
        "; " + p.casualties + " killed or injured";
      const marker = L.marker([p.lat, p.lon], { icon: icon, keyboard: true, title: tip, riseOnHover: true, zIndexOffset: 1000 - p.n })
        .addTo(map);
      const node = marker.getElement();
      node.firstChild.style.background = markerBackground(p);
      node.setAttribute("role", "link");
      node.setAttribute("aria-label", tip + ". Opens these events.");
      node.dataset.place = p.location;
      node.dataset.country = p.country;
      node.dataset.n = p.n;
      node.dataset.href = p.href;
      if (p.label) {
        const label = document.createElement("span");
        label.textContent = p.location;
        marker.bindTooltip(label, { permanent: true, direction: "right", offset: [d / 2, 0], className: "me-place-label", interactive: false });
        const tipEl = marker.getTooltip().getElement();
        tipEl.dataset.rank = p.rank;
        tipEl.meTooltip = marker.getTooltip();
        tipEl.meSize = d;
        node.classList.add("me-labelled");
      }
      all.push({ p: p, marker: marker, d: d });
      // Enter (or Space) on a focused place opens its events
      node.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); window.location.href = p.href; }
      });
      // a click opens the place's events; where circles overlap under the pointer (places a few km
      // apart, or at the same coordinates), it asks which place is meant
      marker.on("click", function (e) {
        const oe = e.originalEvent;
        const at = oe && oe.clientX !== undefined ? map.mouseEventToContainerPoint(oe) : null;
        const under = at ? all.filter(function (o) {
          return map.latLngToContainerPoint(o.marker.getLatLng()).distanceTo(at) <= o.d / 2 + 1;
        }) : [];
        if (under.length <= 1) { window.location.href = p.href; return; }
        under.sort(function (a, b) { return b.p.n - a.p.n; });
        const box = document.createElement("div");
        box.className = "me-chooser";
        const title = document.createElement("p");
        title.textContent = under.length + " places overlap here:";
        const list = document.createElement("ul");
        under.forEach(function (o) {
          const li = document.createElement("li");
          const a = document.createElement("a");
          a.href = o.p.href;
          a.dataset.place = o.p.location;
          a.dataset.country = o.p.country;
          a.textContent = o.p.location + ", " + o.p.country + " (" + o.p.n + " event" + (o.p.n === 1 ? "" : "s") + ")";
          li.appendChild(a);
          list.appendChild(li);
        });
        box.appendChild(title);
        box.appendChild(list);
        // or zoom in, where the circles move apart
        const here = map.containerPointToLatLng(at);
        const zoom = document.createElement("button");
        zoom.type = "button";
        zoom.className = "me-chooser-zoom";
        zoom.textContent = "Zoom in here";
        zoom.addEventListener("click", function () { map.closePopup(); map.setView(here, Math.min(map.getZoom() + 2, map.getMaxZoom())); });
        box.appendChild(zoom);
        L.popup({ className: "me-chooser-popup", maxWidth: 280 }).setLatLng(here).setContent(box).openOn(map);
        box.querySelector("a").focus();
      });
    });
    declutter(el);
  }

  // On a crowded map, a place's name gives way to a more important one (the deadliest, then the
  // busiest) and a town's name to any place's circle or name.
  function declutter(el) {
    const overlaps = function (a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; };
    const names = [];
    Array.from(el.querySelectorAll(".leaflet-tooltip.me-place-label"))
      .sort(function (a, b) { return +a.dataset.rank - +b.dataset.rank; })
      .forEach(function (t) {
        t.classList.remove("me-hidden");
        const tip = t.meTooltip;
        const place = function (side) {  // a name to the right of its circle, or else to the left
          tip.options.direction = side;
          tip.options.offset = [side === "right" ? t.meSize / 2 : -t.meSize / 2, 0];
          tip.update();
          return tip.getElement().getBoundingClientRect();
        };
        let r = place("right");
        if (names.some(function (o) { return overlaps(r, o); })) r = place("left");
        if (names.some(function (o) { return overlaps(r, o); })) { t.classList.add("me-hidden"); } else { names.push(r); }
      });
    const taken = names.concat(Array.from(el.querySelectorAll(".me-marker .me-dot")).map(function (n) {
      return n.getBoundingClientRect();
    }));
    el.querySelectorAll(".leaflet-tooltip.me-town").forEach(function (t) {
      t.classList.remove("me-hidden");
      if (getComputedStyle(t).display === "none") return;
      const r = t.getBoundingClientRect();
      if (taken.some(function (o) { return overlaps(r, o); })) { t.classList.add("me-hidden"); } else { taken.push(r); }
    });
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
    setupExplorer();
    setupBackLink();
    setupTooltips();
    setupMap();
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
