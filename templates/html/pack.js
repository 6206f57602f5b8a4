// kubevidence audit pack: client-side filtering of the findings table. Static: inlined verbatim and allowed to run
// by its hash in the page's Content-Security-Policy. It reads data-* attributes only and never writes HTML.
(function () {
  'use strict';
  var ids = ['filter-framework', 'filter-status', 'filter-severity', 'filter-namespace'];
  var selects = ids.map(function (id) { return document.getElementById(id); });
  var rows = Array.prototype.slice.call(document.querySelectorAll('#all-findings tbody tr.finding'));
  var count = document.getElementById('filter-count');
  if (selects.some(function (select) { return select === null; }) || count === null) return;

  function matches(row, values) {
    var frameworks = (row.getAttribute('data-frameworks') || '').split(' ');
    return (values[0] === '' || frameworks.indexOf(values[0]) >= 0) &&
      (values[1] === '' || row.getAttribute('data-status') === values[1]) &&
      (values[2] === '' || row.getAttribute('data-severity') === values[2]) &&
      (values[3] === '' || row.getAttribute('data-namespace') === values[3]);
  }

  function apply() {
    var values = selects.map(function (select) { return select.value; });
    var shown = 0;
    rows.forEach(function (row) {
      var visible = matches(row, values);
      row.hidden = !visible;
      // A counted group stands for `data-count` findings that share every filtered field.
      if (visible) shown += Number(row.getAttribute('data-count') || '1');
    });
    count.textContent = shown + ' shown';
  }

  selects.forEach(function (select) { select.addEventListener('change', apply); });
})();
