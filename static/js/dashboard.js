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

  function resizeAll() { charts.forEach(function (c) { c.resize(); }); }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
    window.addEventListener("resize", resizeAll);
    window.addEventListener("beforeprint", resizeAll);
    window.addEventListener("afterprint", resizeAll);
    document.documentElement.dataset.chartsDrawn = String(charts.length);
  });
})();
