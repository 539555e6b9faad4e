// Injected by HtmlReportIT before report.html's own scripts: records every text the charts draw on their canvases
// (the last frame of each), then, once the page has drawn, measures every text box on the page (DOM text and canvas
// text alike) and writes what overlaps or leaves the viewport as JSON into a pre element (or to the parent page, when
// it runs in a frame).
(function () {
  "use strict";
  var drawn = new Map(); // canvas -> boxes of its current frame, in canvas pixels
  var fillText = CanvasRenderingContext2D.prototype.fillText;
  var clearRect = CanvasRenderingContext2D.prototype.clearRect;
  CanvasRenderingContext2D.prototype.clearRect = function (x, y, w, h) {
    if (x <= 0 && y <= 0 && w >= this.canvas.width && h >= this.canvas.height) { drawn.set(this.canvas, []); }
    return clearRect.apply(this, arguments);
  };
  CanvasRenderingContext2D.prototype.fillText = function (text, x, y) {
    var m = this.measureText(text), t = this.getTransform();
    var xs = [x - m.actualBoundingBoxLeft, x + m.actualBoundingBoxRight];
    var ys = [y - m.actualBoundingBoxAscent, y + m.actualBoundingBoxDescent];
    var px = [], py = [];
    xs.forEach(function (cx) { ys.forEach(function (cy) { // the box's corners through the transform (rotation too)
      px.push(t.a * cx + t.c * cy + t.e); py.push(t.b * cx + t.d * cy + t.f); }); });
    var list = drawn.get(this.canvas) || [];
    list.push({text: String(text), x1: Math.min.apply(null, px), x2: Math.max.apply(null, px),
               y1: Math.min.apply(null, py), y2: Math.max.apply(null, py)});
    drawn.set(this.canvas, list);
    return fillText.apply(this, arguments);
  };

  function inScroller(node) {
    for (var e = node.nodeType === 1 ? node : node.parentElement; e; e = e.parentElement) {
      if (e.classList && e.classList.contains("scroll")) { return e; }
    }
    return null;
  }

  function check() {
    var width = document.documentElement.clientWidth, boxes = [];
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent.trim() || n.parentElement.closest("script, #layout-result")) { continue; }
      var range = document.createRange();
      range.selectNodeContents(n);
      Array.prototype.forEach.call(range.getClientRects(), function (r) {
        if (r.width > 0 && r.height > 0) {
          boxes.push({text: n.textContent.trim().slice(0, 40), x1: r.left, x2: r.right, y1: r.top, y2: r.bottom,
                      scroller: inScroller(n)});
        }
      });
    }
    var canvasTexts = 0, texts = [];
    drawn.forEach(function (list, canvas) {
      if (!canvas.isConnected) { return; }
      var r = canvas.getBoundingClientRect(), sx = r.width / canvas.width, sy = r.height / canvas.height;
      list.forEach(function (b) {
        canvasTexts++;
        texts.push(b.text);
        boxes.push({text: "canvas:" + b.text, x1: r.left + b.x1 * sx, x2: r.left + b.x2 * sx,
                    y1: r.top + b.y1 * sy, y2: r.top + b.y2 * sy, scroller: null});
      });
    });
    var overlaps = [], outside = [];
    for (var i = 0; i < boxes.length; i++) {
      var a = boxes[i];
      if (!a.scroller && (a.x1 < -0.5 || a.x2 > width + 0.5)) { outside.push(a.text + " [" + Math.round(a.x1) + ".."
        + Math.round(a.x2) + "]"); }
      for (var j = i + 1; j < boxes.length; j++) {
        var b = boxes[j];
        if (a.x1 < b.x2 - 0.5 && b.x1 < a.x2 - 0.5 && a.y1 < b.y2 - 0.5 && b.y1 < a.y2 - 0.5) {
          overlaps.push(a.text + " / " + b.text);
        }
      }
    }
    document.querySelectorAll(".scroll").forEach(function (s) {
      var r = s.getBoundingClientRect();
      if (r.left < -0.5 || r.right > width + 0.5) { outside.push("scroll box [" + r.left + ".." + r.right + "]"); }
    });
    var result = JSON.stringify({width: width, texts: boxes.length, canvasTexts: canvasTexts,
      charts: Number(document.body.getAttribute("data-charts")), drawn: texts,
      renderMs: Number(document.body.getAttribute("data-render-ms")), overlaps: overlaps.slice(0, 20),
      overlapCount: overlaps.length, outside: outside.slice(0, 20), outsideCount: outside.length});
    if (window.parent !== window) {
      window.parent.postMessage(result, "*"); // a frame narrower than headless Chromium's window can be
    } else {
      var pre = document.createElement("pre");
      pre.id = "layout-result";
      pre.textContent = result;
      document.body.appendChild(pre);
    }
  }

  window.addEventListener("load", function () { setTimeout(check, 300); });
})();
