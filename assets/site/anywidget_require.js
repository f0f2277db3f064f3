// Tell require.js where the site's own copy of anywidget's front end is, so the widget
// manager loads it from this site instead of a CDN (the book works offline).
// Loaded between require.js and the html-manager (_config.yml, nb_ipywidgets_js).
(function () {
  var here = document.currentScript.src.replace(/[^/]*$/, "");
  require.config({ paths: { anywidget: here + "anywidget/index" } });
})();
