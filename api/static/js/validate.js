// The validation form: its fields carry the submission's JSON paths (data-path). Checking
// posts the submission to POST /validate, the same validator programs call, asking for the
// report as a page in the reader's language; the page's report and its JSON are shown here.
// A field the form cannot send, or one the server refuses, is listed at the top (a summary
// that takes focus, each entry a link to its field) and marked at the field itself.
"use strict";
(function () {
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const words = page.words, lang = page.lang;
  const form = document.getElementById("submission");
  const status = document.getElementById("load-status");
  const summary = document.getElementById("error-summary");
  const section = document.getElementById("report");
  const downloads = [document.getElementById("download"), document.getElementById("download-submission")];

  function setPath(target, path, value) {
    const keys = path.split(".");
    let here = target;
    for (const key of keys.slice(0, -1)) here = here[key] = here[key] || {};
    here[keys[keys.length - 1]] = value;
  }
  function getPath(source, path) {
    return path.split(".").reduce((here, key) => (here == null ? undefined : here[key]), source);
  }

  // "id, ja", "Indonesia, Jepang", "bahasa Indonesia; English": codes or names in either language
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function readLanguages(raw) {
    const codes = [], unknown = [];
    for (const part of raw.split(/[,;/\n]+|\s+(?:dan|and|&)\s+/)) {
      const word = fold(part).replace(/^bahasa /, "");
      if (!word) continue;
      const code = page.languages[word];
      if (code) { if (!codes.includes(code)) codes.push(code); } else unknown.push(part.trim());
    }
    return { codes, unknown };
  }
  const languageInput = document.getElementById("f-languages");
  const languageOutput = document.getElementById("o-languages");
  function echoLanguages() {
    const { codes } = readLanguages(languageInput.value);
    languageOutput.textContent = codes.length
      ? `${words.read_as} ${codes.map((c) => `${page.names[c]} (${c})`).join(", ")}` : "";
  }
  languageInput.addEventListener("input", echoLanguages);

  // what the form sends, and the problems it finds before sending
  function read() {
    const doc = { format: "kembar-agreement/1" };
    const problems = [];
    for (const element of form.querySelectorAll("[data-path]")) {
      const path = element.dataset.path, type = element.dataset.type;
      let value;
      if (type === "set") {
        value = [...element.querySelectorAll("input:checked")].map((box) => box.value);
        if (!value.length) continue;
      } else {
        const raw = element.value.trim();
        if (!raw) {
          if (page.required.includes(path)) problems.push({ path, text: words.required });
          continue;
        }
        if (type === "int") value = Number(raw);
        else if (type === "bool") value = raw === "true";
        else if (type === "languages") {
          const { codes, unknown } = readLanguages(raw);
          if (unknown.length) problems.push({ path, text: `${words.unknown_language} ${unknown.join(", ")}` });
          value = codes;
          if (!codes.length) continue;
        } else if (type === "lines") value = raw.split("\n").map((l) => l.trim()).filter(Boolean);
        else value = raw;
      }
      setPath(doc, path, value);
    }
    const people = rows("signatories", ".signatory").map((row) => {
      const person = { party: row.party, office: row.office };
      if (row.name) person.name = row.name;
      if (row.acting) person.acting = true;
      return person;
    });
    if (people.length) doc.signatories = people;
    const reports = rows("reports", ".report").filter((r) => r.date);
    if (reports.length) doc.reports = reports.map((r) => ({ date: r.date, recipient: r.recipient }));
    return { doc, problems };
  }
  function rows(id, selector) {
    return [...document.getElementById(id).querySelectorAll(selector)].map((row) => {
      const found = {};
      for (const input of row.querySelectorAll("[data-key]")) {
        found[input.dataset.key] = input.type === "checkbox" ? input.checked : input.value.trim();
      }
      return found;
    });
  }

  function addRow(id, templateId, values) {
    const fieldset = document.getElementById(id);
    const row = document.getElementById(templateId).content.firstElementChild.cloneNode(true);
    for (const input of row.querySelectorAll("[data-key]")) {
      const value = values ? values[input.dataset.key] : undefined;
      if (value === undefined) continue;
      if (input.type === "checkbox") input.checked = !!value; else input.value = value;
    }
    row.querySelector("button.remove").addEventListener("click", () => row.remove());
    // after the rows already there, before the fieldset's own "add" button
    fieldset.insertBefore(row, fieldset.querySelector(":scope > button.add-row"));
    const first = row.querySelector("select, input");
    if (!values && first) first.focus();
  }

  function fill(doc) {
    form.reset();
    clearProblems();
    document.querySelectorAll(".signatory, .report").forEach((row) => row.remove());
    for (const element of form.querySelectorAll("[data-path]")) {
      const value = getPath(doc, element.dataset.path);
      if (value === undefined || value === null) continue;
      const type = element.dataset.type;
      if (type === "set") {
        for (const box of element.querySelectorAll("input")) box.checked = value.includes(box.value);
      } else if (Array.isArray(value)) {
        element.value = value.join(type === "lines" ? "\n" : ", ");
      } else {
        element.value = String(value);
      }
    }
    echoLanguages();
    (doc.signatories || []).forEach((p) => addRow("signatories", "signatory-row", p));
    (doc.reports || []).forEach((r) => addRow("reports", "report-row", r));
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // -- problems: the summary at the top, the mark at each field ------------------------
  function fieldOf(path) {
    // "fields[2]" and "signatories[0].office" are shown at their field
    const key = path.replace(/\[\d+\]/g, "");
    for (let probe = key; probe; probe = probe.includes(".") ? probe.slice(0, probe.lastIndexOf(".")) : "") {
      const target = document.getElementById("f-" + probe);
      if (target) return { key: probe, target };
    }
    return { key, target: null };
  }
  function labelOf(path) {
    const key = path.replace(/\[\d+\]/g, "");
    return page.labels[key] || page.labels[fieldOf(path).key] || path;
  }
  function clearProblems() {
    summary.hidden = true;
    summary.querySelector("ul").replaceChildren();
    form.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
    form.querySelectorAll(".field-error").forEach((e) => { e.hidden = true; e.textContent = ""; });
    form.querySelectorAll(".invalid").forEach((e) => e.classList.remove("invalid"));
  }
  function showProblems(problems) {
    clearProblems();
    const list = summary.querySelector("ul");
    for (const { path, text } of problems) {
      const { key, target } = fieldOf(path);
      const item = element("li");
      const name = labelOf(path);
      if (target) {
        const jump = element("a", `${name}: ${text}`);
        jump.href = "#f-" + key;
        jump.addEventListener("click", (event) => {
          event.preventDefault();
          target.scrollIntoView({ block: "center" });
          target.focus();
        });
        item.appendChild(jump);
        target.setAttribute("aria-invalid", "true");
        (target.closest(".field") || target).classList.add("invalid");
        const note = document.getElementById("e-" + key);
        if (note) {
          note.textContent = note.textContent ? `${note.textContent} ${text}` : text;
          note.hidden = false;
          if (target.tagName !== "FIELDSET") target.setAttribute("aria-describedby", note.id);
        }
      } else {
        item.textContent = `${name}: ${text}`;
      }
      list.appendChild(item);
    }
    summary.hidden = false;
    summary.focus();
  }
  function serverProblems(body) {
    const known = body.errors || [];
    if (!known.length) return [{ path: "", text: words.failed + " " + (body.detail || body.title || "") }];
    return known.map((error) => {
      let text = page.problems[error.type || ""] || page.problems[""];
      if (error.type === "language_code" || error.type === "country_code") {
        const shown = getPath(lastSent, error.path.replace(/\[(\d+)\]/g, ".$1"));
        if (shown !== undefined) text = `${text} ${shown}`;
      }
      return { path: error.path === "(document)" ? "" : error.path, text };
    });
  }

  // -- the report ----------------------------------------------------------------------
  let lastSent = null;
  function blob(value) {
    return URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: "application/json" }));
  }
  function show(html, submission) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const report = doc.getElementById("report-document");
    const data = JSON.parse(doc.getElementById("report-data").textContent);
    document.getElementById("report-body").replaceChildren(document.importNode(report, true));
    downloads[0].href = blob(data);
    downloads[1].href = blob(submission);
    section.hidden = false;
    document.body.classList.add("has-report");
    section.scrollIntoView({ behavior: "smooth", block: "start" });
  }
  function hideReport() {
    section.hidden = true;
    document.body.classList.remove("has-report");
    document.getElementById("report-body").replaceChildren();
    for (const link of downloads) link.removeAttribute("href");
  }
  hideReport();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = document.getElementById("check");
    const { doc, problems } = read();
    if (problems.length) {
      hideReport();
      showProblems(problems);
      return;
    }
    clearProblems();
    lastSent = doc;
    button.disabled = true;
    status.textContent = words.checking;
    try {
      const response = await fetch("/validate?lang=" + encodeURIComponent(lang), {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/html, application/problem+json" },
        body: JSON.stringify(doc),
      });
      if (response.ok) show(await response.text(), doc);
      else {
        hideReport();
        showProblems(serverProblems(await response.json()));
      }
      status.textContent = "";
    } catch (error) {
      status.textContent = `${words.failed} ${error}`;
    } finally {
      button.disabled = false;
    }
  });
  form.addEventListener("reset", () => {
    hideReport();
    clearProblems();
    languageOutput.textContent = "";
    document.querySelectorAll(".signatory, .report").forEach((row) => row.remove());
  });
  document.getElementById("add-signatory").addEventListener("click", () => addRow("signatories", "signatory-row"));
  document.getElementById("add-report").addEventListener("click", () => addRow("reports", "report-row"));
  document.getElementById("print").addEventListener("click", () => window.print());
  document.getElementById("load-file").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    try {
      const doc = JSON.parse(await file.text());
      if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error();
      hideReport();
      fill(doc);
      status.textContent = words.loaded;
    } catch (error) {
      status.textContent = words.badfile;
    }
  });

  async function loadStored(slug) {
    const response = await fetch("/agreements/" + encodeURIComponent(slug) + "/audit", { headers: { Accept: "application/json" } });
    if (!response.ok) {
      status.textContent = words.notfound;
      return;
    }
    const body = await response.json();
    fill(body.submission);
    status.textContent = words.loaded;
    form.requestSubmit();
  }
  if (page.agreement) loadStored(page.agreement);
})();
