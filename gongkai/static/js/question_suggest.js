// "智能问答": as the asker types, published answers and policies from the search index appear above
// the form. Without this script the "查找相似问答" button shows the same list.
(function () {
  var form = document.querySelector("form[data-suggest-url]");
  var box = document.getElementById("question-suggestions");
  if (!form || !box || !window.fetch) return;
  var title = form.querySelector("[name=title]");
  var text = form.querySelector("[name=text]");
  var timer = null;
  function update() {
    clearTimeout(timer);
    var value = ((title && title.value) || "") + " " + ((text && text.value) || "");
    if (value.trim().length < 2) return;
    timer = setTimeout(function () {
      fetch(form.dataset.suggestUrl + "?q=" + encodeURIComponent(value.trim().slice(0, 200)))
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { if (html) box.innerHTML = html; })
        .catch(function () {});
    }, 300);
  }
  if (title) title.addEventListener("input", update);
  if (text) text.addEventListener("input", update);
})();
