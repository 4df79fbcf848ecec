// newskg web page: stored queries one click away, a SPARQL editor (YASGUI when installed,
// a plain textarea otherwise) and a results table.  No network access but this server.
(function () {
  "use strict";
  const ENTITY = "https://newskg.dev/id/";
  const results = document.getElementById("results");
  const status = document.getElementById("status");
  let yasgui = null;

  if (window.Yasgui) {
    try {
      yasgui = new window.Yasgui(document.getElementById("yasgui"), {
        requestConfig: { endpoint: new URL("/sparql", window.location.href).href, method: "POST" },
        copyEndpointOnNewTab: false,
        endpointCatalogueOptions: { getData: function () { return [{ endpoint: new URL("/sparql", window.location.href).href }]; } },
        persistenceId: null,
        populateFromUrl: false,  // ?query= is read by the server (a stored query's name or a query text)
        yasqe: { resizeable: true },
      });
    } catch (err) {
      yasgui = null;
    }
  }
  if (!yasgui) {
    document.getElementById("fallback").hidden = false;
  } else {
    // the server filled the (hidden) textarea with the stored query the page opens on
    yasgui.getTab().setQuery(document.getElementById("query-text").value);
  }

  function openInEditor(stored) {
    if (yasgui) { yasgui.getTab().setQuery(stored.query); } else { document.getElementById("query-text").value = stored.query; }
    const source = document.getElementById("editor-source");
    if (source) {
      source.dataset.name = stored.name;
      source.textContent = "The stored query " + stored.name + ": " + stored.summary;
    }
    window.history.replaceState(null, "", "/?query=" + encodeURIComponent(stored.name));
  }

  function cell(term) {
    if (!term) return document.createTextNode("");
    if (term.type === "uri" && term.value.startsWith(ENTITY)) {
      const a = document.createElement("a");
      a.href = "/entity/" + term.value.slice(ENTITY.length);
      a.textContent = term.value.slice(ENTITY.length);
      return a;
    }
    return document.createTextNode(term.value);
  }

  function render(data) {
    results.textContent = "";
    if (data.boolean !== undefined) {
      results.textContent = data.boolean ? "true" : "false";
      return;
    }
    const vars = data.head.vars;
    const table = document.createElement("table");
    table.className = "results";
    table.id = "results-table";
    const head = table.createTHead().insertRow();
    vars.forEach(function (v) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    const body = table.createTBody();
    data.results.bindings.forEach(function (row) {
      const tr = body.insertRow();
      vars.forEach(function (v) { tr.insertCell().appendChild(cell(row[v])); });
    });
    results.appendChild(table);
    status.textContent = data.results.bindings.length + " rows";
  }

  async function show(response) {
    if (!response.ok) {
      let message = response.statusText;
      try { message = (await response.json()).message; } catch (e) { /* not JSON */ }
      results.textContent = "";
      status.textContent = "Error " + response.status + ": " + message;
      status.className = "hint error";
      return;
    }
    status.className = "hint";
    const type = response.headers.get("content-type") || "";
    if (type.indexOf("sparql-results+json") >= 0) {
      render(await response.json());
    } else {
      const pre = document.createElement("pre");
      pre.textContent = await response.text();
      results.textContent = "";
      results.appendChild(pre);
      status.textContent = "";
    }
  }

  async function runStored(name, item) {
    const params = new URLSearchParams();
    item.querySelectorAll("input[data-param]").forEach(function (input) {
      if (input.value.trim()) params.append(input.dataset.param, input.value.trim());
    });
    status.textContent = "running " + name + " …";
    document.getElementById("results-title").textContent = "Results of " + name;
    const url = "/queries/" + encodeURIComponent(name) + (params.toString() ? "?" + params : "");
    const response = await fetch(url, { headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9" } });
    await show(response);
    const listing = window.newskgQueries || [];
    const stored = listing.find(function (q) { return q.name === name; });
    if (stored) openInEditor(stored);
  }

  document.querySelectorAll("button.run-stored").forEach(function (button) {
    button.addEventListener("click", function () { runStored(button.dataset.name, button.closest("li")); });
  });

  document.getElementById("run-query").addEventListener("click", async function () {
    const body = new URLSearchParams({ query: document.getElementById("query-text").value });
    status.textContent = "running …";
    document.getElementById("results-title").textContent = "Results";
    const response = await fetch("/sparql", {
      method: "POST", body: body,
      headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9" },
    });
    await show(response);
  });

  fetch("/queries").then(function (r) { return r.json(); }).then(function (q) { window.newskgQueries = q; });
})();
