/*
 * A JupyterLab 4 prebuilt extension written by hand (no build step): a module-federation
 * container, as JupyterLab's bootstrap expects one, whose only plugin registers the
 * ipywidgets 7 name of the widget base module with the widget manager.
 *
 * Why: an ipywidgets 7 kernel (Google Colab ships 7.7) gives every widget a LayoutModel
 * from "@jupyter-widgets/base" version 1.2.0, and notebooks executed with it store that
 * model in their widget state. JupyterLab 4 and Notebook 7 only run the ipywidgets 8 front
 * end (jupyterlab_widgets 3), which registers base 2.0.0, and log "Module
 * @jupyter-widgets/base, version ^1.2.0 is not registered, however, 2.0.0 is" on opening
 * such a notebook and on running each widget cell. The base models and views kept their
 * names and state between 1.2 and 2.0 (Layout and Style gained traits with defaults),
 * so the 2.0.0 classes serve 1.2.0 models. Controls (@jupyter-widgets/controls 1.5.0)
 * changed more and are not registered: the course's demos use none.
 *
 * The widget registry token and classes come from the share scope that
 * @jupyter-widgets/jupyterlab-manager provides, so they are the very objects it uses.
 */
var _JUPYTERLAB;
(function () {
  "use strict";
  var NAME = "rnn-course-ipywidgets7";
  var scope = null;

  function newest(versions) {
    var parts = function (v) { return v.split(/[.-]/).map(function (p) { return parseInt(p, 10) || 0; }); };
    return versions.sort(function (a, b) {
      var x = parts(a), y = parts(b);
      for (var i = 0; i < Math.max(x.length, y.length); i++) {
        if ((x[i] || 0) !== (y[i] || 0)) { return (x[i] || 0) - (y[i] || 0); }
      }
      return 0;
    })[versions.length - 1];
  }

  function shared(name) {
    var versions = scope && scope[name];
    if (!versions || !Object.keys(versions).length) {
      return Promise.reject(new Error(NAME + ": " + name + " is not shared (is jupyterlab_widgets installed?)"));
    }
    var entry = versions[newest(Object.keys(versions))];
    return Promise.resolve(entry.get()).then(function (factory) {
      entry.loaded = 1;
      return factory();
    });
  }

  function plugin(base) {
    return {
      id: NAME + ":base-1.2.0",
      description: "Registers @jupyter-widgets/base 1.2.0 (ipywidgets 7 kernels).",
      requires: [base.IJupyterWidgetRegistry],
      autoStart: true,
      activate: function (app, registry) {
        registry.registerWidget({
          name: "@jupyter-widgets/base",
          version: "1.2.0",
          exports: {
            WidgetModel: base.WidgetModel, WidgetView: base.WidgetView,
            DOMWidgetModel: base.DOMWidgetModel, DOMWidgetView: base.DOMWidgetView,
            LayoutModel: base.LayoutModel, LayoutView: base.LayoutView,
            StyleModel: base.StyleModel, StyleView: base.StyleView
          }
        });
      }
    };
  }

  _JUPYTERLAB = _JUPYTERLAB || {};
  _JUPYTERLAB[NAME] = {
    init: function (shareScope) { scope = shareScope; },
    get: function (module) {
      if (module !== "./extension") {
        return Promise.reject(new Error("Module " + module + " does not exist in container " + NAME));
      }
      return shared("@jupyter-widgets/base").then(function (base) {
        return function () { return { __esModule: true, default: [plugin(base)] }; };
      });
    }
  };
})();
