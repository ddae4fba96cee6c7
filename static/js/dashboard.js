/* Draws the dashboard's charts from the json_script data next to each one. No other data source.
 *
 * One number format everywhere (thousands separators; each series keeps the places the
 * page shows it with: counts whole, 亿元 two places); count axes tick at whole numbers;
 * long category names are truncated on the axis and given whole in the tooltip; a stage
 * has the same colour in every chart (STAGE_COLOURS, matching dashboard.css).
 */
(function () {
  "use strict";

  var PALETTE = ["#0b5cad", "#e07b00", "#3b9c5a", "#8e44ad", "#c0392b", "#16a2b8"];
  var STAGE_COLOURS = {
    negotiating: "#7b8794",
    signed: "#2563eb",
    landed: "#0f8b7d",
    under_construction: "#d97706",
    in_production: "#16a34a",
    terminated: "#b91c1c"
  };
  var LABEL_WIDTH = 84; // px of an axis label before it is cut with "…"

  function num(v) { return v === null || v === undefined ? null : Number(v); }

  function format(value, decimals) {
    if (value === null || value === undefined || isNaN(value)) { return "—"; }
    return Number(value).toLocaleString("en-US", {
      minimumFractionDigits: decimals, maximumFractionDigits: decimals
    });
  }

  function axis(name, position, integer) {
    var a = {
      type: "value", name: name, position: position, splitLine: { show: position === "left" },
      axisLabel: { formatter: function (v) { return format(v, integer ? 0 : (v % 1 ? 1 : 0)); } }
    };
    if (integer) { a.minInterval = 1; }
    return a;
  }

  function tooltip(data) {
    return function (params) {
      var items = Array.isArray(params) ? params : [params];
      if (!items.length) { return ""; }
      var lines = [data.categories[items[0].dataIndex]];
      items.forEach(function (p) {
        var s = data.series[p.seriesIndex];
        lines.push(p.marker + s.name + "：" + format(num(s.values[p.dataIndex]), s.decimals));
      });
      return lines.join("\n");  // richText tooltips (see funnelOption)
    };
  }

  function stageColour(data, i, seriesIndex) {
    var stage = data.stages && data.stages[i];
    var colour = stage && STAGE_COLOURS[stage];
    if (!colour) { return null; }
    // The second measure of a stage (its 亿元) is the same colour, lighter.
    return seriesIndex ? { color: colour, opacity: 0.55 } : { color: colour };
  }

  function funnelOption(data) {
    var counts = data.series[0].values.map(num);
    return {
      // Tooltips drawn on the canvas: ECharts' HTML tooltips carry style attributes the CSP refuses.
      tooltip: { trigger: "item", renderMode: "richText", formatter: function (p) {
        var lines = [data.categories[p.dataIndex]];
        data.series.forEach(function (s) {
          lines.push(s.name + "：" + format(num(s.values[p.dataIndex]), s.decimals));
        });
        return lines.join("\n");
      } },
      series: [{
        type: "funnel", sort: "none", left: "10%", width: "80%", top: 10, bottom: 10, minSize: "8%",
        label: { show: true, position: "inside", formatter: function (p) {
          return p.name + "：" + format(p.value, 0);
        } },
        data: data.categories.map(function (c, i) {
          return { name: c, value: counts[i], itemStyle: stageColour(data, i, 0) || undefined };
        })
      }]
    };
  }

  function cartesianOption(data) {
    var many = data.categories.length > 6;
    var integer = data.integer_axes || [];
    var yAxes = (data.axes.length ? data.axes : [""]).map(function (name, i) {
      return axis(name, i === 0 ? "left" : "right", integer.indexOf(i) >= 0);
    });
    return {
      color: PALETTE,
      tooltip: { trigger: "axis", confine: true, renderMode: "richText", formatter: tooltip(data) },
      legend: { top: 0, type: "scroll" },
      grid: { left: 50, right: yAxes.length > 1 ? 55 : 20, top: 50, bottom: many ? 80 : 40 },
      xAxis: {
        type: "category", data: data.categories,
        axisLabel: {
          interval: 0, rotate: many ? 35 : 0, fontSize: 11,
          width: LABEL_WIDTH, overflow: "truncate", ellipsis: "…"
        }
      },
      yAxis: yAxes,
      series: data.series.map(function (s, si) {
        return {
          name: s.name, type: s.type, yAxisIndex: Math.min(s.axis, yAxes.length - 1),
          smooth: false, connectNulls: s.type === "line",
          data: s.values.map(function (v, i) {
            var style = stageColour(data, i, si);
            return style ? { value: num(v), itemStyle: style } : num(v);
          })
        };
      })
    };
  }

  // The fields each period type uses (projects/periods.py PeriodForm.period); the others hide.
  var PERIOD_FIELDS = {
    month: ["kind", "year", "month"],
    quarter: ["kind", "year", "quarter"],
    year: ["kind", "year"],
    ytd: ["kind", "year", "month"],
    custom: ["kind", "start", "end"]
  };

  function periodForm(form) {
    var kind = form.querySelector("[name=kind]");
    if (!kind) { return; }
    function show() {
      var wanted = PERIOD_FIELDS[kind.value || "ytd"] || PERIOD_FIELDS.ytd;
      form.querySelectorAll("[data-period-field]").forEach(function (field) {
        field.hidden = wanted.indexOf(field.dataset.periodField) < 0;
      });
    }
    kind.addEventListener("change", show);
    show();
  }

  var charts = [];

  function draw(el) {
    var source = document.getElementById(el.dataset.chart);
    if (!source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(data.kind === "funnel" ? funnelOption(data) : cartesianOption(data));
    charts.push(chart);
  }

  /* The choropleth: boundaries fetched from the app (never a CDN), one series per measure. */
  function mapOption(data, measure) {
    var series = data.series[measure];
    var values = series.values.map(num);
    var max = Math.max.apply(null, values.filter(function (v) { return v !== null; }).concat([0]));
    var byCode = {};
    data.codes.forEach(function (code, i) { byCode[code] = i; });
    return {
      tooltip: {
        trigger: "item",
        renderMode: "richText",  // drawn on the canvas: names are text, never markup
        formatter: function (p) {
          var i = byCode[p.name];
          if (i === undefined) { return ""; }
          return [data.categories[i]].concat(data.series.map(function (s) {
            return s.name + "：" + (s.values[i] === null ? "—" : format(num(s.values[i]), s.decimals));
          })).join("\n");
        }
      },
      visualMap: {
        min: 0, max: max > 0 ? max : 1, left: 10, bottom: 10, calculable: true,
        text: [series.name, ""], inRange: { color: ["#e8f1fb", "#0b5cad"] }
      },
      series: [{
        type: "map", map: data.mapName, nameProperty: "code", roam: false, selectedMode: false,
        top: 10, bottom: 10,
        label: {
          show: true, fontSize: 11,
          formatter: function (p) { var i = byCode[p.name]; return i === undefined ? "" : data.categories[i]; }
        },
        emphasis: { label: { show: true }, itemStyle: { areaColor: "#f5b041" } },
        data: data.codes.map(function (code, i) { return { name: code, value: values[i] }; })
      }]
    };
  }

  function drawMap(el) {
    var source = document.getElementById(el.dataset.map);
    if (!source || !window.echarts || !window.fetch) { return; }
    var data = JSON.parse(source.textContent);
    data.mapName = "registry-" + el.id;
    var picker = document.querySelector("[data-map-measure='" + el.id + "']");
    window.fetch(data.boundaries, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error("map " + r.status); } return r.json(); })
      .then(function (geojson) {
        window.echarts.registerMap(data.mapName, geojson);
        var chart = window.echarts.init(el, null, { renderer: "canvas" });
        chart.setOption(mapOption(data, picker ? Number(picker.value) : 0));
        chart.on("click", function (p) {
          var i = data.codes.indexOf(p.name);
          if (i >= 0 && data.links[i]) { window.location.href = data.links[i]; }
        });
        if (picker) {
          picker.addEventListener("change", function () {
            chart.setOption(mapOption(data, Number(picker.value)));
          });
        }
        charts.push(chart);
        el.dataset.mapDrawn = String(geojson.features.length);
      })
      .catch(function (e) { el.dataset.mapError = String(e); el.textContent = String(e); });
  }

  function resizeAll() { charts.forEach(function (c) { c.resize(); }); }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-period-form]").forEach(periodForm);
    document.querySelectorAll("[data-chart]").forEach(draw);
    document.querySelectorAll("[data-map]").forEach(drawMap);
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
    window.addEventListener("resize", resizeAll);
    window.addEventListener("beforeprint", resizeAll);
    window.addEventListener("afterprint", resizeAll);
    document.documentElement.dataset.chartsDrawn = String(charts.length);
  });
})();
