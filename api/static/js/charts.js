// Maps and bar charts of Kembar's pages, drawn with Apache ECharts from data the page
// carries (<script type="application/json" id="page-data">). Country boundaries come from
// world-atlas (Natural Earth), served by Kembar: no tile server, no other host.
"use strict";
const KembarCharts = (function () {
  let world = null;
  async function registerWorld() {
    if (!world) {
      world = fetch("/static/vendor/world-atlas/countries-110m.json")
        .then((r) => r.json())
        .then((topology) => {
          const geo = topojson.feature(topology, topology.objects.countries);
          // Rings cut at the antimeridian jump from -180 to 180 and would be drawn as lines
          // across the whole map: move their western points east so that each ring is whole.
          const mend = (ring) => {
            const lons = ring.map((p) => p[0]);
            return Math.max(...lons) - Math.min(...lons) > 270
              ? ring.map(([x, y]) => [x < 0 ? x + 360 : x, y]) : ring;
          };
          for (const f of geo.features) {
            const g = f.geometry;
            if (!g) continue;
            if (g.type === "Polygon") g.coordinates = g.coordinates.map(mend);
            if (g.type === "MultiPolygon") g.coordinates = g.coordinates.map((poly) => poly.map(mend));
          }
          geo.features = geo.features.filter((f) => f.id !== "010");  // Antarctica: no partner there
          echarts.registerMap("world", geo);
        });
    }
    return world;
  }

  function follow(chart) {
    chart.on("click", (p) => {
      const href = (p.data && p.data.href) || null;
      if (href) window.location.href = href;
    });
    window.addEventListener("resize", () => chart.resize());
  }

  function bounds(points) {
    const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
    const pad = 6;
    return [[Math.max(-180, Math.min(...xs) - pad), Math.min(85, Math.max(...ys) + pad)],
            [Math.min(180, Math.max(...xs) + pad), Math.max(-60, Math.min(...ys) - pad)]];
  }

  // the text of a name, never markup: names come from the data
  const text = (value) => String(value == null ? "" : value)
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

  // map: {home: {name, value:[lon,lat]} | null, partners: [{name, value, href}],
  //       lines?: [{coords}], within?: [{name, href, coords:[[lon,lat],[lon,lat]]}],
  //       labels?: {own, within}}: lines run from home to each partner (or as given), never
  //       between two partners; "within" are the ties of a province's regencies and cities
  async function placeMap(element, map) {
    await registerWorld();
    const chart = echarts.init(element, null, { renderer: "canvas" });
    const within = map.within || [];
    const points = [...(map.home ? [map.home] : []), ...map.partners].filter((p) => p.value);
    for (const t of within) points.push({ value: t.coords[0] }, { value: t.coords[1] });
    const lines = map.lines || (map.home ? map.partners.map((p) => ({ coords: [map.home.value, p.value] })) : []);
    const geo = { map: "world", roam: true, itemStyle: { areaColor: "#eef1f3", borderColor: "#a3adb6" },
                  emphasis: { disabled: true } };
    if (points.length && !map.world) geo.boundingCoords = bounds(points.map((p) => p.value));
    const labels = map.labels || {};
    chart.setOption({
      tooltip: { trigger: "item", formatter: (p) => text(p.name) },
      legend: within.length ? { top: 0, data: [labels.own, labels.within].filter(Boolean) } : undefined,
      geo,
      series: [
        { name: labels.own, type: "lines", coordinateSystem: "geo", data: lines, silent: true,
          lineStyle: { color: "#0b5d4b", width: map.world ? 0.6 : 1.4, opacity: map.world ? 0.35 : 0.8, curveness: 0.2 } },
        { name: labels.own, type: "scatter", coordinateSystem: "geo", data: map.partners, symbolSize: map.world ? 4 : 8,
          itemStyle: { color: "#c0392b" } },
        ...(within.length ? [
          { name: labels.within, type: "lines", coordinateSystem: "geo", data: within,
            lineStyle: { color: "#7a4d00", width: 0.9, opacity: 0.55, type: "dashed", curveness: 0.25 } },
          { name: labels.within, type: "scatter", coordinateSystem: "geo", symbol: "diamond", symbolSize: 6,
            data: within.map((t) => ({ name: t.name, value: t.coords[1], href: t.href })), itemStyle: { color: "#7a4d00" } },
        ] : []),
        ...(map.home ? [{ type: "effectScatter", coordinateSystem: "geo", data: [map.home], symbolSize: 11,
                          itemStyle: { color: "#0b5d4b" } }] : []),
      ],
    });
    follow(chart);
    return chart;
  }

  // spec: {id, name, x:[...], y:[...], horizontal?, links?, mark?: {at, label}, series?: [{name, y}]}
  // A chart's figure offers it as SVG (drawn again by ECharts' SVG renderer, off screen) and
  // as PNG (the canvas, at twice its resolution); the file is named after the figure.
  function exportable(chart, element) {
    const figure = element.closest("figure[data-figure]");
    if (!figure) return;
    const name = "kembar-" + figure.dataset.figure;
    const save = (url, ext) => {
      const a = Object.assign(document.createElement("a"), { href: url, download: name + "." + ext });
      document.body.appendChild(a); a.click(); a.remove();
    };
    figure.querySelectorAll("button.download").forEach((button) => {
      button.hidden = false;
      button.addEventListener("click", () => {
        if (button.dataset.format === "png") {
          save(chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" }), "png");
          return;
        }
        const holder = document.createElement("div");
        holder.style.cssText = "position:absolute;left:-10000px;top:0";
        document.body.appendChild(holder);
        const copy = echarts.init(holder, null, { renderer: "svg", width: element.clientWidth || 800, height: element.clientHeight || 400 });
        const option = chart.getOption();
        option.animation = false;
        copy.setOption(option);
        const svg = copy.renderToSVGString();
        copy.dispose(); holder.remove();
        save(URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" })), "svg");
      });
    });
  }

  function lines(element, spec) {
    const chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: "category", data: spec.x },
      yAxis: { type: "value", min: 0, max: 1 },
      series: spec.series.map((s) => ({ name: s.name, type: "line", data: s.y, connectNulls: false })),
    });
    window.addEventListener("resize", () => chart.resize());
    exportable(chart, element);
    return chart;
  }

  function bars(element, spec) {
    const chart = echarts.init(element, null, { renderer: "canvas" });
    const series = (spec.series || [{ name: spec.name, y: spec.y }]).map((s) => ({
      name: s.name, type: "bar", stack: spec.stack ? "all" : undefined,
      data: s.y.map((value, i) => ({ value, href: spec.links ? spec.links[i] : null })),
      markLine: spec.mark && !spec.horizontal ? { symbol: "none", label: { formatter: spec.mark.label },
                 lineStyle: { color: "#a4161a", type: "dashed" }, data: [{ xAxis: spec.mark.at }] } : undefined,
    }));
    const category = { type: "category", data: spec.x, axisLabel: { hideOverlap: true } };
    const value = { type: "value", minInterval: 1 };
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: spec.series ? { top: 0 } : undefined,
      grid: { left: spec.horizontal ? 150 : 40, right: 16, top: spec.series ? 32 : 16, bottom: 40, containLabel: false },
      xAxis: spec.horizontal ? value : category,
      yAxis: spec.horizontal ? { ...category, inverse: true, axisLabel: { width: 140, overflow: "truncate" } } : value,
      dataZoom: !spec.horizontal && spec.x.length > 40 ? [{ type: "inside" }, { type: "slider", height: 16, bottom: 4 }] : undefined,
      series,
    });
    follow(chart);
    exportable(chart, element);
    return chart;
  }

  function drawPage() {
    const holder = document.getElementById("page-data");
    if (!holder) return;
    const data = JSON.parse(holder.textContent);
    const mapElement = document.getElementById("map");
    if (data.map && mapElement) placeMap(mapElement, data.map);
    for (const spec of data.bars || []) {
      const element = document.getElementById(spec.id);
      if (element) bars(element, spec);
    }
  }
  return { placeMap, bars, lines, drawPage };
})();
if (document.getElementById("page-data") && !document.body.classList.contains("explore")) {
  KembarCharts.drawPage();
}
