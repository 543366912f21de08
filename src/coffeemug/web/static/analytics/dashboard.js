// Draw every chart on the dashboard from the figure JSON the server embedded in it.

// plotly.js carries English only; German month and day names, number format for axes and hover
// labels, and the toolbar's words on German pages.
const GERMAN = {
  moduleType: "locale",
  name: "de",
  dictionary: {
    "Autoscale": "Automatisch skalieren",
    "Box Select": "Rechteckauswahl",
    "Click to enter Colorscale title": "Klicken, um den Farbskalentitel einzugeben",
    "Click to enter Component A title": "Klicken, um den Titel der Komponente A einzugeben",
    "Click to enter Plot title": "Klicken, um den Diagrammtitel einzugeben",
    "Click to enter X axis title": "Klicken, um den Titel der X-Achse einzugeben",
    "Click to enter Y axis title": "Klicken, um den Titel der Y-Achse einzugeben",
    "Compare data on hover": "Daten beim Überfahren vergleichen",
    "Double-click on legend to isolate one trace": "Doppelklick auf die Legende zeigt nur diese Reihe",
    "Double-click to zoom back out": "Doppelklick zum Herauszoomen",
    "Download plot": "Diagramm herunterladen",
    "Download plot as a png": "Diagramm als PNG herunterladen",
    "Edit in Chart Studio": "In Chart Studio bearbeiten",
    "Lasso Select": "Lassoauswahl",
    "Pan": "Verschieben",
    "Produced with Plotly.js": "Erstellt mit Plotly.js",
    "Reset": "Zurücksetzen",
    "Reset axes": "Achsen zurücksetzen",
    "Reset view": "Ansicht zurücksetzen",
    "Show closest data on hover": "Nächste Daten beim Überfahren zeigen",
    "Snapshot succeeded": "Schnappschuss erstellt",
    "Sorry, there was a problem downloading your snapshot!": "Der Schnappschuss konnte leider nicht heruntergeladen werden.",
    "Taking snapshot - this may take a few seconds": "Schnappschuss wird erstellt – das kann einige Sekunden dauern",
    "Toggle Spike Lines": "Hilfslinien ein/aus",
    "Toggle show closest data on hover": "Nächste Daten beim Überfahren ein/aus",
    "Zoom": "Zoomen",
    "Zoom in": "Vergrößern",
    "Zoom out": "Verkleinern",
    "close:": "Schluss:",
    "high:": "Hoch:",
    "low:": "Tief:",
    "open:": "Eröffnung:",
    "trace": "Reihe",
  },
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
