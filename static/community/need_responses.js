/* The 需求响应 charts: one bar chart per grouping (channel, category, street), drawn with
   the vendored Apache ECharts from the figures the page carries as JSON. No inline script:
   the page loads this file and echarts.min.js from our own static files. */
(function () {
  "use strict";
  var source = document.getElementById("need-response-data");
  var names = document.getElementById("need-response-series");
  if (!source || !names || !window.echarts) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var series = JSON.parse(names.textContent);
  var colours = ["#9fb3c8", "#1d5c8f", "#e0a526", "#1e7b45"];
  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var group = data[element.getAttribute("data-chart")];
    if (!group) {
      return;
    }
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    var narrow = element.clientWidth < 520;
    chart.setOption({
      color: colours,
      textStyle: { fontFamily: "inherit" },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0, itemGap: narrow ? 6 : 10, textStyle: { fontSize: narrow ? 11 : 12 } },
      grid: { left: 8, right: 8, bottom: 8, top: narrow ? 64 : 40, containLabel: true },
      xAxis: {
        type: "category",
        data: group.labels,
        axisLabel: { interval: 0, rotate: group.labels.length > 4 ? 35 : 0 }
      },
      yAxis: { type: "value", minInterval: 1 },
      series: ["total", "screened", "funded", "passed"].map(function (key) {
        return { name: series[key], type: "bar", data: group[key], barMaxWidth: 28 };
      })
    });
    element.setAttribute("data-drawn", "true");
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
