// Draw every chart on the dashboard from the figure JSON the server embedded in it.

// plotly.min.js carries English only; German month and day names and number format for axes
// and hover labels on German pages.
const GERMAN = {
  moduleType: "locale",
  name: "de",
  dictionary: {},
  format: {
    days: ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"],
    shortDays: ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"],
    months: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
      "September", "Oktober", "November", "Dezember"],
    shortMonths: ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov",
      "Dez"],
    date: "%d.%m.%Y",
    decimal: ",",
    thousands: ".",
  },
};

document.addEventListener("DOMContentLoaded", () => {
  if (typeof Plotly === "undefined") return; // the data tables still show every figure
  Plotly.register(GERMAN);
  for (const el of document.querySelectorAll(".an-chart[data-figure]")) {
    const figure = JSON.parse(el.dataset.figure);
    Plotly.newPlot(el, figure.data, figure.layout, {
      displaylogo: false,
      responsive: true,
      locale: document.documentElement.lang,
    });
  }
});
