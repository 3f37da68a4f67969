// The explore page: the report's charts, drawn with ECharts (see charts.js), and the tables
// of centrality, claims and scorecards read from Kembar's own JSON routes.
"use strict";
(function () {
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const view = page.view, words = page.words, lang = page.lang;
  const local = (iri) => iri.startsWith(page.idBase) ? "/id/" + iri.slice(page.idBase.length) : iri;
  const withLang = (href) => new URLSearchParams(location.search).get("lang")
    ? href + (href.includes("?") ? "&" : "?") + "lang=" + lang : href;

  KembarCharts.bars(document.getElementById("years-chart"), {
    name: words.ties, x: view.years.x, y: view.years.y, mark: { at: "1993", label: words.circular },
  });
  const top = (rows, n) => rows.slice(0, n);
  KembarCharts.bars(document.getElementById("countries-chart"), {
    name: words.ties, horizontal: true, x: top(view.countries, page.top).map((r) => r.label),
    y: top(view.countries, page.top).map((r) => r.ties), links: top(view.countries, page.top).map((r) => withLang(r.href)),
  });
  // each province's bar: its own ties and its regencies' and cities', stacked
  KembarCharts.bars(document.getElementById("provinces-chart"), {
    name: words.ties, horizontal: true, stack: true, x: view.provinces.map((r) => r.label),
    series: [{ name: words.own, y: view.provinces.map((r) => r.own) },
             { name: words.within, y: view.provinces.map((r) => r.within) }],
    links: view.provinces.map((r) => withLang(r.href)),
  });
  // the security lens: each sector's share of the decade's linked ties
  const lens = page.lens;
  KembarCharts.lines(document.getElementById("security-chart"), {
    x: lens.decades.map((d) => String(d.decade)),
    series: lens.sectors.map((s) => ({
      name: s.label, y: lens.decades.map((d) => (d.cells[s.iri] ? d.cells[s.iri].share : 0)),
    })),
  });
  KembarCharts.placeMap(document.getElementById("world-map"), {
    world: true, home: null, partners: view.map.points, lines: view.map.lines,
  });

  function cell(row, content, className) {
    const td = document.createElement("td");
    if (className) td.className = className;
    if (content instanceof Node) td.appendChild(content); else td.textContent = content;
    row.appendChild(td);
  }
  function link(text, href) {
    const a = document.createElement("a");
    a.href = withLang(href); a.textContent = text;
    return a;
  }
  function fill(table, rows, render) {
    const body = table.querySelector("tbody");
    body.replaceChildren();
    if (!rows.length) {
      const tr = body.insertRow(); cell(tr, words.none); tr.cells[0].colSpan = 3;
    }
    for (const item of rows) render(body.insertRow(), item);
  }
  async function json(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(response.status);
    return response.json();
  }
  function unavailable(element) {
    element.replaceChildren(Object.assign(document.createElement("p"), { className: "note", textContent: words.unavailable }));
  }

  json("/graph/top?metric=pagerank&limit=15").then((page) => {
    fill(document.getElementById("central-table"), page.items, (tr, r) => {
      cell(tr, link(r.label, local(r.region)));
      cell(tr, r.country || "");
      cell(tr, r.value.toFixed(4), "num");
    });
  }).catch(() => unavailable(document.getElementById("central-table").querySelector("tbody")));

  json("/graph/claims?lang=" + lang).then((claims) => {
    const holder = document.getElementById("claims-list");
    holder.replaceChildren();
    for (const claim of claims) {
      const box = document.createElement("div");
      box.className = "finding";
      const title = document.createElement("p");
      const verdict = document.createElement("span");
      verdict.className = "verdict-" + claim.verdict.replace(/ /g, "-");
      verdict.textContent = words.verdicts[claim.verdict] || claim.verdict;
      title.append(verdict, " · ", claim.statement);
      const reading = Object.assign(document.createElement("p"), { className: "note", textContent: claim.reading });
      const query = document.createElement("a");
      query.href = "/sparql?query=" + encodeURIComponent(claim.sparql);
      query.textContent = "SPARQL";
      reading.append(" ", query);
      box.append(title, reading);
      for (const e of claim.estimates) {
        const p = e.p_value === null ? "" : ", p = " + e.p_value;
        box.appendChild(Object.assign(document.createElement("p"), {
          className: "estimate",
          textContent: words.estimate + ": " + e.value + " (" + words.interval + " " + e.low + " – " + e.high + ", n = " + e.n + p + ")",
        }));
      }
      const subsets = document.createElement("p");
      subsets.className = "note";
      subsets.textContent = words.subsets + ": " + claim.sensitivity.map(
        (s) => (words.subset_names[s.subset] || s.subset) + " (" + s.ties + ") " + (words.verdicts[s.verdict] || s.verdict)).join("; ");
      box.appendChild(subsets);
      holder.appendChild(box);
    }
  }).catch(() => unavailable(document.getElementById("claims-list")));

  json("/graph/scorecards?limit=20").then((page) => {
    fill(document.getElementById("scorecards-table"), page.items, (tr, r) => {
      cell(tr, link(r.label, local(r.agreement)));
      cell(tr, String(r.index), "num");
      cell(tr, r.date);
    });
  }).catch(() => unavailable(document.getElementById("scorecards-table").querySelector("tbody")));
})();
