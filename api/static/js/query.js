// The query editor: YASGUI (from npm, served by Kembar) pointed at this server's /sparql.
// Nothing is fetched from another host: the prefix and term completers offer Kembar's own
// prefixes and ontology terms instead of the public lookup services YASQE asks by default.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const Yasqe = Yasgui.Yasqe;
  const prefixLines = Object.entries(data.prefixes).map(([p, iri]) => `${p}: <${iri}>`);

  Yasqe.registerAutocompleter({
    name: "kembarPrefixes",
    bulk: true,
    autoShow: true,
    persistenceId: null,
    get: () => prefixLines,
    isValidCompletionPosition: (yasqe) => {
      const token = yasqe.getCompleteToken();
      const line = yasqe.getLine(yasqe.getDoc().getCursor().line);
      return /^\s*PREFIX\s+\w*$/i.test(line.slice(0, yasqe.getDoc().getCursor().ch)) && !!token;
    },
  }, true);
  Yasqe.registerAutocompleter({
    name: "kembarTerms",
    bulk: true,
    autoShow: false,
    persistenceId: null,
    get: () => data.terms,
    isValidCompletionPosition: (yasqe) => {
      const token = yasqe.getCompleteToken();
      return !!token && /^[a-z]*:?\w*$/.test(token.string) && token.string.length > 0;
    },
  }, true);
  Yasqe.defaults.autocompleters = ["kembarPrefixes", "kembarTerms", "variables"];

  // Kembar predeclares its prefixes, other tools do not: the editor shows each query with
  // the PREFIX lines of the prefixes it uses, so that it is standard SPARQL anywhere.
  function withPrefixes(query) {
    const declared = new Set([...query.matchAll(/PREFIX\s+([\w-]*):/gi)].map((m) => m[1]));
    const used = new Set([...query.matchAll(/(?:^|[\s(,;/^|!{])([A-Za-z][\w-]*):/g)].map((m) => m[1]));
    const lines = [...used].filter((p) => data.prefixes[p] && !declared.has(p)).sort()
      .map((p) => `PREFIX ${p}: <${data.prefixes[p]}>`);
    return lines.length ? lines.join("\n") + "\n" + query : query;
  }
  // Result IRIs: YASR writes them into a single-quoted href unescaped, so an IRI holding a
  // quote could add attributes (a full-page overlay link). Ours escapes the IRI and its
  // label, and links only http(s) IRIs; any other scheme stays text.
  const escape = (t) => String(t).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  const Table = Yasgui.Yasr && Yasgui.Yasr.plugins && Yasgui.Yasr.plugins.table;
  if (Table) {
    Table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
      const iri = String(binding.value);
      let shown = iri, prefixed = false;
      for (const prefix in prefixes || {}) {
        if (iri.indexOf(prefixes[prefix]) === 0) {
          shown = prefix + ":" + iri.slice(prefixes[prefix].length); prefixed = true; break;
        }
      }
      const link = /^https?:\/\//i.test(iri)
        ? `<a class="iri" href="${escape(iri)}">${escape(shown)}</a>` : escape(shown);
      return prefixed || this.persistentConfig.compact ? link : `&lt;${link}&gt;`;
    };
  }
  const initial = withPrefixes(data.query || data.example);
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: data.endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    populateFromUrl: false,
    persistenceId: null,
    endpointCatalogueOptions: { getData: () => [{ endpoint: data.endpoint }] },
    yasqe: { value: initial, resizeable: true, editorHeight: "260px" },
    yasr: { prefixes: data.prefixes, defaultPlugin: "table", pluginOrder: ["table", "response"] },
  });
  const tab = yasgui.getTab();
  tab.setQuery(initial);
  // CodeMirror types into a hidden textarea: give it a name a screen reader can say
  const input = document.querySelector("#yasgui .CodeMirror textarea");
  if (input) input.setAttribute("aria-label", data.editorLabel);

  // A permalink is /sparql?query=...: the same URL a program GETs for data.
  function remember(query) {
    const url = new URL(window.location.href);
    url.searchParams.set("query", query);
    window.history.replaceState(null, "", url.pathname + "?" + url.searchParams.toString());
  }
  yasgui.on("query", (_, t) => remember(t.getQuery()));
  // a graph (CONSTRUCT, DESCRIBE) is shown as the Turtle the server sent
  yasgui.on("queryResponse", (_, t) => {
    const kind = t.getYasqe().getQueryType();
    if (kind === "CONSTRUCT" || kind === "DESCRIBE") t.getYasr().selectPlugin("response");
  });
  document.querySelectorAll("button.example").forEach((button) => {
    button.addEventListener("click", () => {
      const example = data.examples[Number(button.dataset.index)];
      tab.setQuery(withPrefixes(example.query));
      tab.query();
    });
  });
  // Result IRIs of this graph open their page here, not at their public address.
  document.getElementById("yasgui").addEventListener("click", (event) => {
    const anchor = event.target.closest("a[href]");
    if (anchor && anchor.href.startsWith(data.idBase)) {
      event.preventDefault();
      window.location.href = "/id/" + anchor.href.slice(data.idBase.length);
    }
  }, true);
  if (data.query) tab.query();
})();
