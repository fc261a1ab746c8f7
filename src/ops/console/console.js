(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("console-data").textContent);
  var PAGE = 100;
  /* Every lookup by a value from the stores goes through a Map or an object
     without a prototype: `constructor` or `__proto__` is a value like any
     other, never Object.prototype's. */
  function dict(o) { var d = Object.create(null); Object.keys(o).forEach(function (k) { d[k] = o[k]; }); return d; }
  var KIND_LABELS = dict({
    "rollback-drill-schedule": "schedule change",
    "go-backend-rollback-drill-notification-plan": "notification plan",
    "rollback-drill-notification-delivery": "notification connector delivery",
    "go-backend-rollback-drill-notification-ack": "acknowledgement",
    "go-backend-rollback-drill-acknowledgement-audit-package": "audit package",
    "go-backend-rollback-drill-acknowledgement-audit-delivery-plan": "audit delivery plan",
    "rollback-drill-acknowledgement-audit-delivery": "audit connector delivery",
    "rollback-drill-escalation-plan": "escalation plan",
    "go-backend-rollback-drill-record": "drill record"
  });
  var SOURCE_LABELS = dict({
    "go_backend_rollback_drill_notification": "drill notification",
    "go_backend_rollback_drill_acknowledgement_audit": "acknowledgement audit"
  });
  var TONES = dict({ healthy: "ok", degraded: "warning", failed: "critical" });
  var DRILL_PROVIDERS = ["splunk", "sentinel", "datadog", "jira", "servicenow", "slack", "teams", "webhook"];
  var DRILL_STATES = ["delivered", "delivery_failed", "critical", "healthy", "outstanding", "resolved", "escalated"];

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function iso(s) { return new Date(s * 1000).toISOString().replace(".000Z", "Z"); }
  function uniq(list) {
    var seen = new Set(), out = [];
    list.forEach(function (v) { if (v !== "" && v !== null && v !== undefined && !seen.has(v)) { seen.add(v); out.push(v); } });
    return out.sort();
  }
  /* The index of a filter value in the string table: -1 for none chosen,
     -2 for a value the table does not hold (matches nothing). */
  function indexer(S) {
    var idx = new Map();
    S.forEach(function (s, i) { if (!idx.has(s)) idx.set(s, i); });
    return function (v) { return v ? (idx.has(v) ? idx.get(v) : -2) : -1; };
  }
  function label(map, v) { return map[v] ? map[v] + " (" + v + ")" : v; }

  /* A select per filter; `onChange` is called with the values by name. */
  function filters(name, defs, onChange) {
    var box = document.querySelector('[data-filters="' + name + '"]');
    if (!box) return {};
    var state = Object.create(null);
    defs.forEach(function (d) {
      var id = "f-" + name + "-" + d.name;
      var l = el("label");
      l.htmlFor = id;
      l.appendChild(el("span", d.label));
      var s = el("select");
      s.id = id;
      s.name = d.name;
      s.setAttribute("data-filter", d.name);
      var all = el("option", "All");
      all.value = "";
      s.appendChild(all);
      d.options.forEach(function (o) {
        var opt = el("option", o[1]);
        opt.value = o[0];
        s.appendChild(opt);
      });
      state[d.name] = "";
      s.addEventListener("change", function () { state[d.name] = s.value; onChange(state); });
      l.appendChild(s);
      box.appendChild(l);
    });
    return state;
  }
  function opts(values, map) { return values.map(function (v) { return [v, map ? label(map, v) : v]; }); }

  function table(name) { return document.querySelector('[data-rows="' + name + '"] tbody'); }
  function count(name, text) { var c = document.querySelector('[data-count="' + name + '"]'); if (c) c.textContent = text; }

  /* Paged view over matching row indexes. */
  function paged(name, noun, total, matchFn, rowFn) {
    var body = table(name);
    if (!body) return;
    var more = document.querySelector('[data-more="' + name + '"]');
    var limit = PAGE, matched = [];
    function draw() {
      var frag = document.createDocumentFragment();
      var n = Math.min(limit, matched.length);
      for (var i = 0; i < n; i++) frag.appendChild(rowFn(matched[i]));
      body.textContent = "";
      body.appendChild(frag);
      count(name, "Showing " + n + " of " + matched.length + " matching " + noun + " (" + total + " in all)");
      if (more) more.hidden = n >= matched.length;
    }
    function apply(state) {
      matched = matchFn(state);
      limit = PAGE;
      draw();
    }
    if (more) more.addEventListener("click", function () { limit += PAGE * 10; draw(); });
    apply.matched = function () { return matched; };
    return apply;
  }

  /* Export of a history as its filters leave it, every matching row (not
     only those drawn): CSV (RFC 4180; a cell a spreadsheet would read as a
     formula starts with ') or JSON. `window.__cavraExport(name, format)`
     gives the text; the page's buttons download it. */
  var EXPORTS = Object.create(null);
  function exporter(name, columns, recordFn, apply) {
    EXPORTS[name] = { columns: columns, recordFn: recordFn, apply: apply };
  }
  function exportText(name, format) {
    var e = EXPORTS[name];
    if (!e || !e.apply) return null;
    var records = e.apply.matched().map(e.recordFn);
    if (format === "json") return JSON.stringify(records, null, 1) + "\n";
    function cell(v) {
      var s = v === null || v === undefined ? "" : Array.isArray(v) ? v.join(";") : String(v);
      if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
      return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    }
    var lines = [e.columns.join(",")];
    records.forEach(function (r) { lines.push(e.columns.map(function (c) { return cell(r[c]); }).join(",")); });
    return lines.join("\r\n") + "\r\n";
  }
  window.__cavraExport = exportText;
  document.addEventListener("click", function (ev) {
    var b = ev.target && ev.target.closest ? ev.target.closest("[data-export]") : null;
    if (!b) return;
    var name = b.getAttribute("data-export"), format = b.getAttribute("data-export-format");
    var text = exportText(name, format);
    if (text === null) return;
    var a = el("a");
    a.download = "cavra-" + name + "." + format;
    a.href = URL.createObjectURL(new Blob([text], { type: format === "json" ? "application/json" : "text/csv" }));
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  });

  function integrations() {
    var rows = D.integrations;
    if (!Array.isArray(rows)) return;
    function matchFn(state) {
      return rows.filter(function (r) {
        return (!state.category || r.category === state.category) &&
          (!state.status || r.status === state.status) &&
          (!state.health || r.health_status === state.health) &&
          (!state.owner || r.owner === state.owner);
      });
    }
    function rowFn(r) {
      var tr = el("tr");
      tr.setAttribute("data-id", r.integration_id);
      var th = el("th");
      th.scope = "row";
      th.appendChild(el("span", r.name));
      th.appendChild(el("br"));
      th.appendChild(el("code", r.integration_id));
      tr.appendChild(th);
      tr.appendChild(el("td", r.provider));
      tr.appendChild(el("td", r.environment));
      tr.appendChild(el("td", (r.capabilities || []).join(", ")));
      tr.appendChild(el("td", r.status));
      var tone = TONES[r.health_status] || "";
      var td = el("td");
      td.appendChild(el("span", r.health_status, "pill " + tone));
      tr.appendChild(td);
      tr.appendChild(el("td", r.owner));
      tr.appendChild(el("td", r.last_checked_at || "never", "nowrap"));
      return tr;
    }
    var apply = paged("integrations", "integrations", rows.length, matchFn, rowFn);
    var pick = function (f) { return uniq(rows.map(function (r) { return r[f]; })); };
    var state = filters("integrations", [
      { name: "category", label: "Category", options: opts(pick("category")) },
      { name: "status", label: "Status", options: opts(pick("status")) },
      { name: "health", label: "Health", options: opts(pick("health_status")) },
      { name: "owner", label: "Owner", options: opts(pick("owner")) }
    ], apply);
    apply(state);
  }

  function providersCell(S, providers, failed) {
    var td = el("td");
    providers.forEach(function (p, i) {
      if (i) td.appendChild(document.createTextNode(", "));
      var bad = failed.indexOf(p) >= 0;
      td.appendChild(el("span", S[p] + (bad ? " (failed)" : ""), bad ? "failed" : ""));
    });
    return td;
  }

  function deliveries() {
    var d = D.deliveries;
    if (!d || !d.rows) return;
    var S = d.strings, rows = d.rows;
    var id = indexer(S);
    var provs = [], types = [], kinds = [];
    rows.forEach(function (r) { types.push(S[r[3]]); kinds.push(S[r[4]]); r[6].forEach(function (p) { provs.push(S[p]); }); });
    function matchFn(state) {
      var p = id(state.provider), t = id(state.event_type), k = id(state.kind);
      var want = state.success === "" || state.success === undefined ? null : state.success === "true";
      var out = [];
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i];
        if (t !== -1 && r[3] !== t) continue;
        if (k !== -1 && r[4] !== k) continue;
        if (p !== -1) {
          if (r[6].indexOf(p) < 0) continue;
          if (want !== null && (r[7].indexOf(p) < 0) !== want) continue;
        } else if (want !== null && (r[8] === 1) !== want) continue;
        out.push(r);
      }
      return out;
    }
    function rowFn(r) {
      var tr = el("tr");
      tr.setAttribute("data-seq", r[0]);
      tr.appendChild(el("td", iso(r[1]), "nowrap"));
      tr.appendChild(el("td", r[2]));
      tr.appendChild(el("td", S[r[3]]));
      tr.appendChild(el("td", S[r[4]]));
      tr.appendChild(providersCell(S, r[6], r[7]));
      var ok = r[8] === 1;
      tr.appendChild(el("td", (ok ? "delivered" : "failed") + (r[9] !== null ? " (retry of " + r[9] + ")" : ""), ok ? "ok" : "failed"));
      return tr;
    }
    var apply = paged("deliveries", "deliveries", rows.length, matchFn, rowFn);
    var names = function (list) { return list.map(function (p) { return S[p]; }); };
    exporter("deliveries", ["seq", "created_at", "event_id", "event_type", "metadata_kind", "source", "providers", "failed_providers", "success", "retry_of"], function (r) {
      return { seq: r[0], created_at: iso(r[1]), event_id: r[2], event_type: S[r[3]], metadata_kind: S[r[4]], source: S[r[5]],
               providers: names(r[6]), failed_providers: names(r[7]), success: r[8] === 1, retry_of: r[9] };
    }, apply);
    var state = filters("deliveries", [
      { name: "provider", label: "Provider", options: opts(uniq(provs)) },
      { name: "event_type", label: "Event type", options: opts(uniq(types)) },
      { name: "success", label: "Outcome", options: [["true", "delivered"], ["false", "failed"]] },
      { name: "kind", label: "Metadata kind", options: opts(uniq(kinds)) }
    ], apply);
    apply(state);
  }

  function drills() {
    var d = D.drills;
    if (!d || !d.rows) return;
    var S = d.strings, rows = d.rows;
    var id = indexer(S);
    var provs = DRILL_PROVIDERS.slice(), states = DRILL_STATES.slice();
    rows.forEach(function (r) {
      r[5].forEach(function (p) { if (provs.indexOf(S[p]) < 0) provs.push(S[p]); });
      r[8].forEach(function (s) { if (states.indexOf(S[s]) < 0) states.push(S[s]); });
    });
    var kinds = Object.keys(KIND_LABELS);
    function matchFn(state) {
      var src = id(state.source), p = id(state.provider), st = id(state.state), k = id(state.kind);
      var out = [];
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i];
        if (src !== -1 && r[4] !== src) continue;
        if (k !== -1 && r[3] !== k) continue;
        if (p !== -1 && r[5].indexOf(p) < 0) continue;
        if (st !== -1 && r[8].indexOf(st) < 0) continue;
        out.push(r);
      }
      return out;
    }
    function rowFn(r) {
      var tr = el("tr");
      tr.setAttribute("data-seq", r[0]);
      tr.appendChild(el("td", iso(r[1]), "nowrap"));
      tr.appendChild(el("td", r[2]));
      tr.appendChild(el("td", KIND_LABELS[S[r[3]]] || S[r[3]]));
      tr.appendChild(el("td", S[r[9]] || "all"));
      tr.appendChild(providersCell(S, r[5], r[6]));
      var names = r[8].map(function (s) { return S[s]; });
      var bad = names.some(function (n) { return n === "delivery_failed" || n === "critical" || n === "outstanding" || n === "escalated"; });
      tr.appendChild(el("td", names.join(", ").replace(/_/g, " ") || "-", bad ? "failed" : ""));
      return tr;
    }
    var apply = paged("drills", "drill entries", rows.length, matchFn, rowFn);
    var names = function (list) { return list.map(function (p) { return S[p]; }); };
    exporter("drills", ["seq", "created_at", "id", "metadata_kind", "source", "providers", "failed_providers", "success", "states", "schedule_id"], function (r) {
      return { seq: r[0], created_at: iso(r[1]), id: r[2], metadata_kind: S[r[3]], source: S[r[4]], providers: names(r[5]),
               failed_providers: names(r[6]), success: r[7] === null ? null : r[7] === 1, states: names(r[8]), schedule_id: S[r[9]] };
    }, apply);
    var stateLabels = Object.create(null);
    states.forEach(function (s) { stateLabels[s] = s.replace(/_/g, " "); });
    var state = filters("drills", [
      { name: "source", label: "Delivery source", options: opts(Object.keys(SOURCE_LABELS), SOURCE_LABELS).map(function (o) { return [o[0], SOURCE_LABELS[o[0]]]; }) },
      { name: "provider", label: "Provider", options: opts(provs) },
      { name: "state", label: "State", options: states.map(function (s) { return [s, stateLabels[s]]; }) },
      { name: "kind", label: "Metadata kind", options: kinds.map(function (k) { return [k, KIND_LABELS[k]]; }) }
    ], apply);
    apply(state);
  }

  function aispm() {
    var tenants = document.querySelectorAll("article.tenant");
    if (!tenants.length) return;
    var names = [];
    tenants.forEach(function (t) { names.push(t.getAttribute("data-tenant")); });
    filters("aispm", [{ name: "tenant", label: "Tenant", options: opts(names) }], function (state) {
      tenants.forEach(function (t) { t.hidden = !!state.tenant && t.getAttribute("data-tenant") !== state.tenant; });
    });
  }

  function tabs() {
    var views = document.querySelectorAll("section.view");
    var links = document.querySelectorAll("a[data-view]");
    function show(id, focus) {
      views.forEach(function (v) { v.hidden = v.id !== "view-" + id; });
      links.forEach(function (a) { a.setAttribute("aria-current", a.getAttribute("data-view") === id ? "page" : "false"); });
      if (focus) { var h = document.getElementById("h-" + id); if (h) { h.tabIndex = -1; h.focus(); } }
    }
    links.forEach(function (a) {
      a.addEventListener("click", function (e) {
        e.preventDefault();
        var id = a.getAttribute("data-view");
        show(id, true);
        try { history.replaceState(null, "", "#view-" + id); } catch (err) { /* a file: URL may refuse */ }
      });
    });
    var m = /^#view-(\w+)$/.exec(location.hash);
    show(m && document.getElementById("view-" + m[1]) ? m[1] : "overview", false);
  }

  // The delivery chart's range switch: one pane per range, one shown.
  function ranges() {
    var buttons = document.querySelectorAll("[data-range]");
    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        var n = b.getAttribute("data-range");
        buttons.forEach(function (o) { o.setAttribute("aria-pressed", String(o === b)); });
        document.querySelectorAll("[data-range-pane]").forEach(function (p) {
          p.hidden = p.getAttribute("data-range-pane") !== n;
        });
      });
    });
  }

  integrations();
  ranges();
  deliveries();
  drills();
  aispm();
  tabs();
  window.__consoleRenderMs = performance.now();
})();
