(function () {
  "use strict";
  var table = document.getElementById("articles-table");
  if (!table) { return; }
  var body = table.tBodies[0];
  var headers = table.tHead.rows[0].cells;

  function value(row, column, numeric) {
    var cell = row.cells[column];
    var text = cell.getAttribute("data-sort");
    if (text === null) { text = cell.textContent.trim(); }
    if (text === "") { return null; }
    return numeric ? parseFloat(text) : text.toLowerCase();
  }

  function sortBy(key, descending) {
    var column = -1;
    for (var i = 0; i < headers.length; i++) {
      headers[i].removeAttribute("aria-sort");
      if (headers[i].getAttribute("data-key") === key) { column = i; }
    }
    if (column < 0) { return; }
    var numeric = headers[column].getAttribute("data-type") === "number";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, column, numeric), y = value(b, column, numeric);
      if (x === y) { return 0; }
      if (x === null) { return 1; }   /* empty cells last either way */
      if (y === null) { return -1; }
      var order = x < y ? -1 : 1;
      return descending ? -order : order;
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
    headers[column].setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  Array.prototype.forEach.call(headers, function (header) {
    header.addEventListener("click", function () {
      var descending = header.getAttribute("aria-sort") === "ascending";
      var key = header.getAttribute("data-key");
      sortBy(key, descending);
      try { history.replaceState(null, "", "#sort=" + (descending ? "-" : "") + key); } catch (e) { /* file: URLs may refuse */ }
    });
  });

  var filter = document.getElementById("filter");
  if (filter) {
    filter.addEventListener("input", function () {
      var query = filter.value.trim().toLowerCase();
      Array.prototype.forEach.call(body.rows, function (row) {
        var text = (row.cells[0].textContent + " " + row.cells[1].textContent).toLowerCase();
        row.hidden = query !== "" && text.indexOf(query) < 0;
      });
    });
  }

  /* A link can carry a sort order: report.html#sort=-errors */
  var wanted = /sort=(-?)([a-z]+)/.exec(location.hash);
  if (wanted) { sortBy(wanted[2], wanted[1] === "-"); }
  table.setAttribute("data-ready", "true");
}());
