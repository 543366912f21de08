// Draw every chart on the dashboard from the figure JSON the server embedded in it.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Plotly === "undefined") return; // the data tables still show every figure
  for (const el of document.querySelectorAll(".an-chart[data-figure]")) {
    const figure = JSON.parse(el.dataset.figure);
    Plotly.newPlot(el, figure.data, figure.layout, {
      displaylogo: false,
      responsive: true,
      locale: document.documentElement.lang,
    });
  }
});
