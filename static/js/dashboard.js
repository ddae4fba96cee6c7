/* Draws the dashboard's charts from the json_script data next to each one. No other data source. */
(function () {
  "use strict";

  var PALETTE = ["#0b5cad", "#e07b00", "#3b9c5a", "#8e44ad", "#c0392b", "#16a2b8"];

  function num(v) { return v === null || v === undefined ? null : Number(v); }

  function axis(name, position) {
    return { type: "value", name: name, position: position, splitLine: { show: position === "left" } };
  }

  function funnelOption(data) {
    var counts = data.series[0].values.map(num);
    var amounts = data.series.length > 1 ? data.series[1].values : [];
    return {
      color: PALETTE,
      // Tooltips drawn on the canvas: ECharts' HTML tooltips carry style attributes the CSP refuses.
      tooltip: {
        trigger: "item",
        renderMode: "richText",
        formatter: function (p) {
          var i = p.dataIndex;
          return p.name + "：" + counts[i] + (amounts.length ? "，" + amounts[i] + " " + data.axes[1] : "");
        }
      },
      series: [{
        type: "funnel", sort: "none", left: "10%", width: "80%", top: 10, bottom: 10, minSize: "8%",
        label: { show: true, position: "inside", formatter: "{b}：{c}" },
        data: data.categories.map(function (c, i) { return { name: c, value: counts[i] }; })
      }]
    };
  }

  function cartesianOption(data) {
    var many = data.categories.length > 6;
    var yAxes = (data.axes.length ? data.axes : [""]).map(function (name, i) {
      return axis(name, i === 0 ? "left" : "right");
    });
    return {
      color: PALETTE,
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 50, right: yAxes.length > 1 ? 55 : 20, top: 50, bottom: many ? 70 : 30 },
      xAxis: {
        type: "category", data: data.categories,
        axisLabel: { interval: 0, rotate: many ? 35 : 0, fontSize: 11 }
      },
      yAxis: yAxes,
      series: data.series.map(function (s) {
        return {
          name: s.name, type: s.type, yAxisIndex: Math.min(s.axis, yAxes.length - 1),
          data: s.values.map(num), smooth: false, connectNulls: true
        };
      })
    };
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
        formatter: function (p) {
          var i = byCode[p.name];
          if (i === undefined) { return ""; }
          var esc = window.echarts.format.encodeHTML;  // names are data, never markup
          return "<b>" + esc(data.categories[i]) + "</b><br>" + data.series.map(function (s) {
            return esc(s.name) + "：" + (s.values[i] === null ? "—" : esc(s.values[i]));
          }).join("<br>");
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
