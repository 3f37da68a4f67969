// The validation form: its fields carry the submission's JSON paths (data-path); checking
// posts the submission to POST /validate, the same validator programs call, and shows the
// report grouped by severity in the page's language.
"use strict";
(function () {
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const words = page.words, lang = page.lang;
  const form = document.getElementById("submission");
  const status = document.getElementById("load-status");
  const SEVERITIES = ["Violation", "Warning", "Info"];

  function setPath(target, path, value) {
    const keys = path.split(".");
    let here = target;
    for (const key of keys.slice(0, -1)) here = here[key] = here[key] || {};
    here[keys[keys.length - 1]] = value;
  }
  function getPath(source, path) {
    return path.split(".").reduce((here, key) => (here == null ? undefined : here[key]), source);
  }

  function read() {
    const doc = { format: "kembar-agreement/1" };
    for (const element of form.querySelectorAll("[data-path]")) {
      const path = element.dataset.path, type = element.dataset.type;
      let value;
      if (type === "set") {
        value = [...element.querySelectorAll("input:checked")].map((box) => box.value);
        if (!value.length) continue;
      } else {
        const raw = element.value.trim();
        if (!raw) continue;
        if (type === "int") value = Number(raw);
        else if (type === "bool") value = raw === "true";
        else if (type === "csv") value = raw.split(/[\s,]+/).filter(Boolean);
        else if (type === "lines") value = raw.split("\n").map((l) => l.trim()).filter(Boolean);
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
    return doc;
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
    fieldset.insertBefore(row, fieldset.querySelector("button:last-of-type"));
    const first = row.querySelector("select, input");
    if (!values && first) first.focus();
  }

  function fill(doc) {
    form.reset();
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
    (doc.signatories || []).forEach((p) => addRow("signatories", "signatory-row", p));
    (doc.reports || []).forEach((r) => addRow("reports", "report-row", r));
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function show(report, submission) {
    const section = document.getElementById("report");
    const verdict = document.getElementById("verdict");
    const findings = document.getElementById("findings");
    verdict.replaceChildren(
      element("span", report.conforms ? words.conforms : words.fails, report.conforms ? "conforms" : "fails"),
      element("br"),
      element("span", `${words.regime} ${report.regime}${report.judged_on ? " · " + words.on + " " + report.judged_on : ""}`, "note"),
    );
    findings.replaceChildren();
    for (const severity of SEVERITIES) {
      const group = report.results.filter((r) => r.severity === severity);
      if (!group.length) continue;
      findings.appendChild(element("h3", `${words[severity]} (${group.length})`));
      for (const result of group) {
        const box = element("div", undefined, "finding " + severity);
        const head = element("p");
        const rule = element("a", result.rule);
        rule.href = "/id/rule/" + encodeURIComponent(result.rule) + (lang ? "?lang=" + lang : "");
        head.append(element("span", words[severity].replace(/s$/, "") + " ", "sev " + severity), rule,
                    " · ", element("span", result.legal_basis, "note"));
        const message = element("p", (result.message && (result.message[lang] || result.message.en)) || "");
        box.append(head, message);
        if (result.path) {
          // the field as the form names it, a link that takes the reader to it
          const where = element("p", `${words.field}: `, "note");
          const label = document.querySelector(`label[for="f-${CSS.escape(result.path)}"]`);
          const target = document.getElementById("f-" + result.path);
          const name = label ? label.textContent : result.path;
          if (target) {
            const jump = element("a", name);
            jump.href = "#f-" + result.path;
            where.appendChild(jump);
          } else {
            where.append(name);
          }
          if (result.value != null) where.append(` (${words.value}: ${result.value})`);
          box.appendChild(where);
        }
        findings.appendChild(box);
      }
    }
    if (!report.results.length) findings.appendChild(element("p", words.none));
    const blob = (value) => URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: "application/json" }));
    document.getElementById("download").href = blob(report);
    document.getElementById("download-submission").href = blob(submission);
    section.hidden = false;
    section.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  function problems(body) {
    const section = document.getElementById("report");
    const findings = document.getElementById("findings");
    document.getElementById("verdict").replaceChildren(element("span", words.invalid, "fails"));
    const list = element("ul");
    for (const error of body.errors || [{ path: "", problem: body.detail || body.title }]) {
      const item = element("li");
      item.append(element("code", error.path || ""), " ", error.problem);
      list.appendChild(item);
      const input = error.path && document.getElementById("f-" + error.path);
      if (input) input.setAttribute("aria-invalid", "true");
    }
    findings.replaceChildren(list);
    section.hidden = false;
    section.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    form.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
    const button = document.getElementById("check");
    const submission = read();
    button.disabled = true;
    status.textContent = words.checking;
    try {
      const response = await fetch("/validate", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(submission),
      });
      const body = await response.json();
      if (response.ok) show(body, submission); else problems(body);
      status.textContent = "";
    } catch (error) {
      status.textContent = `${words.failed} ${error}`;
    } finally {
      button.disabled = false;
    }
  });
  form.addEventListener("reset", () => {
    document.getElementById("report").hidden = true;
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
    show(body.report, body.submission);
  }
  if (page.agreement) loadStored(page.agreement);
})();
