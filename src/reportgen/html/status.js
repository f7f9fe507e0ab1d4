/* Sorting of the status table (status.html): click or press Enter on a column heading; again to reverse.
   Numbers sort as numbers (from data-sort when a cell has one), text by the Lao then English collation of
   the browser; empty cells go last either way, and equal rows keep their listed order. */
(function () {
  "use strict";
  var table = document.getElementById("status");
  if (!table || !table.tHead) {
    return;
  }
  var heads = table.tHead.rows[0].cells;
  var collator = new Intl.Collator(["lo", "en"], { numeric: true, sensitivity: "base" });
  var said = document.getElementById("sort-status");

  function value(cell, numeric) {
    var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (v === "") {
      return null;
    }
    return numeric ? Number(v) : v;
  }

  function sortBy(col, descending) {
    var numeric = heads[col].getAttribute("data-type") === "number";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a.cells[col], numeric);
      var y = value(b.cells[col], numeric);
      if (x === null || y === null) {
        return (x === null) - (y === null) || Number(a.dataset.n) - Number(b.dataset.n);
      }
      var c = numeric ? x - y : collator.compare(x, y);
      return (descending ? -c : c) || Number(a.dataset.n) - Number(b.dataset.n);
    });
    rows.forEach(function (r) {
      body.appendChild(r);
    });
    for (var i = 0; i < heads.length; i++) {
      heads[i].setAttribute("aria-sort", i === col ? (descending ? "descending" : "ascending") : "none");
    }
    if (said) {
      said.textContent = heads[col].textContent + (descending ? " ↓" : " ↑");
    }
  }

  Array.prototype.forEach.call(heads, function (th, col) {
    var button = th.querySelector("button");
    if (button) {
      button.addEventListener("click", function () {
        sortBy(col, th.getAttribute("aria-sort") === "ascending");
      });
    }
  });
})();
