// An enhancement only: every control works without it.
// "/" puts the cursor in the search box; a new order applies as soon as it is chosen.
document.addEventListener("keydown", function (event) {
  var box = document.getElementById("q");
  var typing = event.target && /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName);
  if (event.key === "/" && box && !typing) {
    event.preventDefault();
    box.focus();
    box.select();
  }
});
document.addEventListener("DOMContentLoaded", function () {
  var sort = document.getElementById("sort");
  if (sort && sort.form) {
    sort.addEventListener("change", function () { sort.form.submit(); });
  }
});
